package io.nvdp.bootstrap.logging;

import java.io.PrintStream;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.ILoggerFactory;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * Loggers that write {@code 2026-11-27T05:06:39.845Z INFO Daemon - message} lines (UTC, the class's
 * simple name) to one stream, with a stack trace after the line when there is a throwable.
 * Levels: {@code info} by default, {@code warn} for gRPC, Netty and the Kubernetes client, which are
 * chatty at info about things an operator cannot act on; {@code -Dnvdp.log.level=debug} (or
 * {@code trace}, {@code warn}, {@code error}) sets the daemon's own level.
 */
public final class DaemonLoggers implements ILoggerFactory {
    static final String LEVEL_PROPERTY = "nvdp.log.level";
    private static final Map<String, Level> QUIET = Map.of("io.grpc", Level.WARN, "io.fabric8", Level.WARN);

    private final PrintStream out;
    private final Level level;
    private final Map<String, Logger> loggers = new ConcurrentHashMap<>();

    DaemonLoggers(PrintStream out, Level level) {
        this.out = out;
        this.level = level;
    }

    static DaemonLoggers fromSystemProperties(PrintStream out) {
        String configured = System.getProperty(LEVEL_PROPERTY, "info");
        Level level;
        try {
            level = Level.valueOf(configured.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            out.println("-D" + LEVEL_PROPERTY + "=" + configured + " is not a log level (trace, debug, info, warn,"
                    + " error): logging at info");
            level = Level.INFO;
        }
        return new DaemonLoggers(out, level);
    }

    @Override
    public Logger getLogger(String name) {
        return loggers.computeIfAbsent(name, n -> new LineLogger(n, levelOf(n)));
    }

    private Level levelOf(String name) {
        for (Map.Entry<String, Level> quiet : QUIET.entrySet()) {
            if (name.startsWith(quiet.getKey()) && quiet.getValue().toInt() > level.toInt()) {
                return quiet.getValue();
            }
        }
        return level;
    }

    /** {@code yyyy-MM-ddTHH:mm:ss.SSSZ} in UTC, built by hand: no locale data, no formatter. */
    static void appendTimestamp(StringBuilder line, long epochMillis) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(epochMillis, 1000),
                (int) Math.floorMod(epochMillis, 1000) * 1_000_000, ZoneOffset.UTC);
        line.append(t.getYear()).append('-');
        pad(line, t.getMonthValue(), 2).append('-');
        pad(line, t.getDayOfMonth(), 2).append('T');
        pad(line, t.getHour(), 2).append(':');
        pad(line, t.getMinute(), 2).append(':');
        pad(line, t.getSecond(), 2).append('.');
        pad(line, t.getNano() / 1_000_000, 3).append('Z');
    }

    private static StringBuilder pad(StringBuilder line, int value, int width) {
        String digits = Integer.toString(value);
        for (int i = digits.length(); i < width; i++) {
            line.append('0');
        }
        return line.append(digits);
    }

    private final class LineLogger extends LegacyAbstractLogger {
        private static final long serialVersionUID = 1L;
        private final transient Level threshold;
        private final String shortName;

        LineLogger(String name, Level threshold) {
            this.name = name;
            this.threshold = threshold;
            this.shortName = name.substring(name.lastIndexOf('.') + 1);
        }

        @Override
        public boolean isTraceEnabled() {
            return enabled(Level.TRACE);
        }

        @Override
        public boolean isDebugEnabled() {
            return enabled(Level.DEBUG);
        }

        @Override
        public boolean isInfoEnabled() {
            return enabled(Level.INFO);
        }

        @Override
        public boolean isWarnEnabled() {
            return enabled(Level.WARN);
        }

        @Override
        public boolean isErrorEnabled() {
            return enabled(Level.ERROR);
        }

        private boolean enabled(Level candidate) {
            return candidate.toInt() >= threshold.toInt();
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level at, org.slf4j.Marker marker, String pattern,
                Object[] arguments, Throwable throwable) {
            StringBuilder line = new StringBuilder(96);
            appendTimestamp(line, System.currentTimeMillis());
            line.append(' ').append(at).append(' ').append(shortName).append(" - ")
                    .append(MessageFormatter.basicArrayFormat(pattern, arguments));
            synchronized (out) {
                out.println(line);
                if (throwable != null) {
                    throwable.printStackTrace(out);
                }
            }
        }
    }
}
