package io.nvdp.bootstrap;

/** The daemon cannot start: the one-line message goes to stderr and the process exits 1. */
final class StartupFailure extends RuntimeException {
    StartupFailure(String message) {
        super(message, null, false, false);
    }
}
