package io.nvdp.adapters.grpc.api;

import java.text.MessageFormat;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * A java.util.logging handler that lets each kind of record (the logger, the method and the failure
 * class) through once per minute as one line, and counts the rest: the next line of that kind says
 * how many it stood for. Records below INFO, and every stack trace, go to debug.
 */
final class TransportLogFloodGuard extends Handler {
    static final long WINDOW_NANOS = TimeUnit.MINUTES.toNanos(1);
    /** Kinds remembered at most; past it the memory starts afresh (a flood of kinds is itself bounded). */
    private static final int MAX_KINDS = 256;

    /** Where the lines go. */
    interface Sink {
        void warn(String line);

        void debug(String line, Throwable thrown);
    }

    private static final class Window {
        long start;
        int suppressed;
    }

    private final LongSupplier nanos;
    private final Sink sink;
    private final Map<String, Window> windows = new HashMap<>();

    TransportLogFloodGuard(LongSupplier nanos, Sink sink) {
        this.nanos = nanos;
        this.sink = sink;
    }

    @Override
    public void publish(LogRecord record) {
        if (record == null) {
            return;
        }
        String line = "gRPC transport: " + describe(record);
        Throwable thrown = record.getThrown();
        if (record.getLevel().intValue() < Level.INFO.intValue()) {
            sink.debug(line, thrown);
            return;
        }
        if (thrown != null) {
            sink.debug(line, thrown);
        }
        String kind = record.getLoggerName() + "#" + record.getSourceMethodName() + "#"
                + (thrown == null ? record.getMessage() : rootCause(thrown).getClass().getName());
        int suppressed;
        synchronized (windows) {
            long now = nanos.getAsLong();
            Window window = windows.get(kind);
            if (window != null && now - window.start < WINDOW_NANOS) {
                window.suppressed++;
                return;
            }
            if (window == null) {
                if (windows.size() >= MAX_KINDS) {
                    windows.clear();
                }
                window = new Window();
                windows.put(kind, window);
            }
            suppressed = window.suppressed;
            window.start = now;
            window.suppressed = 0;
        }
        sink.warn(suppressed == 0 ? line : line + " (and " + suppressed + " more like it in the last minute)");
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }

    /** The record's message on one line, with the root failure's class and first line. */
    static String describe(LogRecord record) {
        String message = record.getMessage() == null ? "" : record.getMessage();
        Object[] parameters = record.getParameters();
        if (parameters != null && parameters.length > 0 && message.contains("{")) {
            try {
                message = MessageFormat.format(message, parameters);
            } catch (IllegalArgumentException e) {
                // keep the pattern as it is
            }
        }
        StringBuilder line = new StringBuilder(firstLine(message));
        Throwable thrown = record.getThrown();
        if (thrown != null) {
            Throwable root = rootCause(thrown);
            line.append(line.isEmpty() ? "" : ": ").append(root.getClass().getSimpleName());
            if (root.getMessage() != null) {
                line.append(": ").append(firstLine(root.getMessage()));
            }
        }
        return line.toString();
    }

    private static Throwable rootCause(Throwable thrown) {
        Throwable t = thrown;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        String first = newline < 0 ? text : text.substring(0, newline);
        // A line a client chose must stay a line of bounded length.
        return first.length() > 300 ? first.substring(0, 300) + "..." : first.strip();
    }
}
