package io.nvdp.adapters.config.manager;

/**
 * A config-manager failure with a one-line, user-facing message (upstream's text where upstream has
 * one). The command prints the message and exits 1; no stack trace is ever shown for it.
 */
public class ConfigManagerException extends RuntimeException {
    public ConfigManagerException(String message) {
        super(message, null, false, false);
    }

    public ConfigManagerException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
