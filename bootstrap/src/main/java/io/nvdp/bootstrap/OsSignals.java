package io.nvdp.bootstrap;

import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Routes SIGHUP, SIGTERM, SIGINT and SIGQUIT to the lifecycle, which logs and decides. The JVM's own
 * TERM/INT handling would exit 143 and skip our orderly stop, so we take those signals over.
 */
final class OsSignals {
    private static final Logger LOG = LoggerFactory.getLogger(OsSignals.class);

    enum Kind { RELOAD, SHUTDOWN }

    /** One signal received: what it asks for and how upstream names it in its log line. */
    record Received(Kind kind, String text) {
    }

    /** Where signals come from: the OS in production, the test in lifecycle tests. */
    @FunctionalInterface
    interface Source {
        void install(Consumer<Received> sink);
    }

    private OsSignals() {
    }

    static void install(Consumer<Received> sink) {
        LOG.info("Starting OS watcher.");
        handle("HUP", sink, Kind.RELOAD);
        for (String name : new String[] {"TERM", "INT", "QUIT"}) {
            handle(name, sink, Kind.SHUTDOWN);
        }
    }

    private static void handle(String name, Consumer<Received> sink, Kind kind) {
        try {
            Signal.handle(new Signal(name), s -> sink.accept(new Received(kind, signalText(s.getName()))));
        } catch (IllegalArgumentException e) {
            // QUIT is reserved when the JVM runs with thread-dump support: keep the JVM's behaviour.
            LOG.debug("Signal {} not handled: {}", name, e.getMessage());
        }
    }

    private static String signalText(String name) {
        return switch (name) {
            case "HUP" -> "hangup";
            case "TERM" -> "terminated";
            case "INT" -> "interrupt";
            case "QUIT" -> "quit";
            default -> name;
        };
    }
}
