package io.nvdp.adapters.grpc.api;

import io.grpc.netty.shaded.io.netty.util.internal.logging.InternalLoggerFactory;
import io.grpc.netty.shaded.io.netty.util.internal.logging.JdkLoggerFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes what gRPC and its Netty log (java.util.logging, by default with a stack trace per failed
 * connection or call) through {@link TransportLogFloodGuard} into the daemon's log: one WARN line per
 * kind of failure per minute, with a count of the ones it stood for, and the traces at debug only.
 * A local client sending garbage can no longer fill the node's disk.
 */
public final class TransportLogs {
    private static final Logger LOG = LoggerFactory.getLogger("GrpcTransport");
    private static final AtomicBoolean INSTALLED = new AtomicBoolean();
    /** Held so that java.util.logging, which references loggers weakly, keeps this configuration. */
    private static final java.util.logging.Logger GRPC = java.util.logging.Logger.getLogger("io.grpc");

    private TransportLogs() {
    }

    /** Once per process, before the first server or channel is made. */
    public static void install() {
        if (!INSTALLED.compareAndSet(false, true)) {
            return;
        }
        // The shaded Netty logs through java.util.logging too, under io.grpc.netty.shaded.
        InternalLoggerFactory.setDefaultFactory(JdkLoggerFactory.INSTANCE);
        GRPC.setUseParentHandlers(false);
        GRPC.setLevel(LOG.isDebugEnabled() ? Level.FINE : Level.INFO);
        GRPC.addHandler(new TransportLogFloodGuard(System::nanoTime, new TransportLogFloodGuard.Sink() {
            @Override
            public void warn(String line) {
                LOG.warn(line);
            }

            @Override
            public void debug(String line, Throwable thrown) {
                LOG.debug(line, thrown);
            }
        }));
    }
}
