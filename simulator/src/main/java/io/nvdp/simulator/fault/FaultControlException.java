package io.nvdp.simulator.fault;

/** The fault control socket answered {@code error: <message>}, or could not be reached. */
public final class FaultControlException extends RuntimeException {
    public FaultControlException(String message) {
        super(message);
    }

    public FaultControlException(String message, Throwable cause) {
        super(message, cause);
    }
}
