package io.nvdp.bootstrap;

import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Routes SIGHUP, SIGTERM, SIGINT and SIGQUIT to the lifecycle. The JVM's own TERM/INT handling
 * would exit 143 and skip our orderly stop, so we take those signals over.
 */
final class OsSignals {
    private static final Logger LOG = LoggerFactory.getLogger(OsSignals.class);

    enum Kind { RELOAD, SHUTDOWN }

    private OsSignals() {
    }

    static void install(Consumer<Kind> sink) {
        LOG.info("Starting OS watcher.");
        handle("HUP", name -> {
            LOG.info("Received SIGHUP, restarting.");
            sink.accept(Kind.RELOAD);
        });
        for (String name : new String[] {"TERM", "INT", "QUIT"}) {
            handle(name, n -> {
                LOG.info("Received signal \"{}\", shutting down.", signalText(n));
                sink.accept(Kind.SHUTDOWN);
            });
        }
    }

    private static void handle(String name, Consumer<String> action) {
        try {
            Signal.handle(new Signal(name), s -> action.accept(s.getName()));
        } catch (IllegalArgumentException e) {
            // QUIT is reserved when the JVM runs with thread-dump support: keep the JVM's behaviour.
            LOG.debug("Signal {} not handled: {}", name, e.getMessage());
        }
    }

    private static String signalText(String name) {
        return switch (name) {
            case "TERM" -> "terminated";
            case "INT" -> "interrupt";
            case "QUIT" -> "quit";
            default -> name;
        };
    }
}
