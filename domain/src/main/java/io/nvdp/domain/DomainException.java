package io.nvdp.domain;

/**
 * Base of every error the domain reports. The message is the user-facing, one-line text
 * (for upstream-compatible errors, upstream's exact text), so adapters print it as it is.
 */
public class DomainException extends RuntimeException {
    public DomainException(String message) {
        super(message, null, false, false);
    }

    public DomainException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
