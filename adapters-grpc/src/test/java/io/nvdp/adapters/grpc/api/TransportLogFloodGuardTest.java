package io.nvdp.adapters.grpc.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class TransportLogFloodGuardTest {
    private final AtomicLong now = new AtomicLong(1_000);
    private final List<String> warnings = new ArrayList<>();
    private final List<Throwable> debugTraces = new ArrayList<>();
    private final TransportLogFloodGuard guard = new TransportLogFloodGuard(now::get, new TransportLogFloodGuard.Sink() {
        @Override
        public void warn(String line) {
            warnings.add(line);
        }

        @Override
        public void debug(String line, Throwable thrown) {
            if (thrown != null) {
                debugTraces.add(thrown);
            }
        }
    });

    private static LogRecord failure(String method, Throwable thrown) {
        LogRecord record = new LogRecord(Level.SEVERE, "Exception while executing runnable {0}");
        record.setLoggerName("io.grpc.internal.SerializeReentrantCallsDirectExecutor");
        record.setSourceMethodName(method);
        record.setParameters(new Object[] {"HalfClosed@1"});
        record.setThrown(thrown);
        return record;
    }

    private static Throwable invalidProtobuf() {
        return new RuntimeException("INTERNAL: Invalid protobuf byte sequence",
                new IOException("While parsing a protocol message, the input ended unexpectedly\nsecond line"));
    }

    @Test
    void aFloodOfOneKindIsOneLinePerMinuteWithACount() {
        for (int i = 0; i < 1000; i++) {
            guard.publish(failure("execute", invalidProtobuf()));
        }
        assertThat(warnings).containsExactly("gRPC transport: Exception while executing runnable HalfClosed@1: "
                + "IOException: While parsing a protocol message, the input ended unexpectedly");
        assertThat(debugTraces).hasSize(1000);

        now.addAndGet(TransportLogFloodGuard.WINDOW_NANOS);
        guard.publish(failure("execute", invalidProtobuf()));
        assertThat(warnings).hasSize(2);
        assertThat(warnings.get(1)).endsWith(" (and 999 more like it in the last minute)");
    }

    @Test
    void eachKindHasItsOwnWindow() {
        guard.publish(failure("execute", invalidProtobuf()));
        guard.publish(failure("execute", new IllegalStateException("other")));
        guard.publish(failure("onHeadersRead", invalidProtobuf()));
        guard.publish(failure("execute", invalidProtobuf()));
        assertThat(warnings).hasSize(3);
    }

    @Test
    void recordsBelowInfoGoToDebugOnly() {
        LogRecord fine = new LogRecord(Level.FINE, "Transport failed");
        fine.setThrown(new IOException("Connection reset by peer"));
        guard.publish(fine);
        assertThat(warnings).isEmpty();
        assertThat(debugTraces).hasSize(1);
    }

    @Test
    void aLineAClientChoseStaysOneBoundedLine() {
        LogRecord record = new LogRecord(Level.WARNING, "bad header " + "x".repeat(10_000) + "\nmore");
        guard.publish(record);
        assertThat(warnings).singleElement().satisfies(w -> {
            assertThat(w).doesNotContain("\n");
            assertThat(w.length()).isLessThan(400);
        });
    }
}
