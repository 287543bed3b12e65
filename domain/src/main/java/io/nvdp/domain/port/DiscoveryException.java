package io.nvdp.domain.port;

import io.nvdp.domain.DomainException;

/**
 * Discovery failed. {@link Kind#INIT_FAILED} (no driver, no library, NVML init error) follows
 * failOnInitError; {@link Kind#INVALID} (a broken node description) is fatal.
 */
public final class DiscoveryException extends DomainException {
    public enum Kind { INIT_FAILED, INVALID }

    private final Kind kind;

    public DiscoveryException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public DiscoveryException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
