package io.nvdp.adapters.config;

import io.nvdp.domain.DomainException;

/**
 * Bad flags, env vars or config file. The message is one line that names the option and its value,
 * prefixed with upstream's wrapping chain where upstream has one.
 */
public class ConfigException extends DomainException {
    public ConfigException(String message) {
        // A value quoted from the input may hold line breaks; the message stays one line regardless.
        super(message.replace("\r", "\\r").replace("\n", "\\n"));
    }

    /** The same error with one more level of upstream's wrapping ({@code "<context>: <message>"}). */
    public ConfigException wrap(String context) {
        return new ConfigException(context + ": " + getMessage());
    }
}
