package io.nvdp.bootstrap.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.event.Level;

class DaemonLoggersTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private String written() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void writesOneLineWithUtcMillisecondsLevelAndShortName() {
        Logger log = new DaemonLoggers(out, Level.INFO).getLogger("io.nvdp.bootstrap.Daemon");

        log.info("Starting {} of {}", 2, "plugins");

        assertThat(written()).matches(
                "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z INFO Daemon - Starting 2 of plugins\\R");
    }

    @Test
    void timestampsKeepThreeFractionDigitsEvenOnAWholeSecond() {
        StringBuilder line = new StringBuilder();
        DaemonLoggers.appendTimestamp(line, Instant.parse("2026-01-02T03:04:05Z").toEpochMilli());
        line.append(' ');
        DaemonLoggers.appendTimestamp(line, Instant.parse("2026-11-27T23:59:59.007Z").toEpochMilli());

        assertThat(line).hasToString("2026-01-02T03:04:05.000Z 2026-11-27T23:59:59.007Z");
    }

    @Test
    void dropsEventsBelowTheLevelAndKeepsGrpcAtWarn() {
        DaemonLoggers loggers = new DaemonLoggers(out, Level.DEBUG);

        loggers.getLogger("io.nvdp.bootstrap.Daemon").trace("hidden");
        loggers.getLogger("io.nvdp.bootstrap.Daemon").debug("shown");
        loggers.getLogger("io.grpc.netty.shaded.io.netty.Foo").info("chatter");
        loggers.getLogger("io.grpc.internal.Bar").warn("trouble");

        assertThat(written()).contains("DEBUG Daemon - shown", "WARN Bar - trouble")
                .doesNotContain("hidden", "chatter");
        assertThat(loggers.getLogger("io.grpc.internal.Bar").isInfoEnabled()).isFalse();
    }

    @Test
    void printsTheStackTraceOfATrailingThrowableAfterTheLine() {
        Logger log = new DaemonLoggers(out, Level.INFO).getLogger("Daemon");

        log.warn("could not reach {}", "kubelet", new IllegalStateException("socket gone"));

        assertThat(written()).contains("WARN Daemon - could not reach kubelet" + System.lineSeparator()
                + "java.lang.IllegalStateException: socket gone");
    }

    @Test
    void anUnknownLevelIsReportedAndInfoIsUsed() {
        String previous = System.setProperty(DaemonLoggers.LEVEL_PROPERTY, "loud");
        try {
            DaemonLoggers loggers = DaemonLoggers.fromSystemProperties(out);

            assertThat(written()).startsWith("-Dnvdp.log.level=loud is not a log level");
            assertThat(loggers.getLogger("x").isInfoEnabled()).isTrue();
            assertThat(loggers.getLogger("x").isDebugEnabled()).isFalse();
        } finally {
            if (previous == null) {
                System.clearProperty(DaemonLoggers.LEVEL_PROPERTY);
            } else {
                System.setProperty(DaemonLoggers.LEVEL_PROPERTY, previous);
            }
        }
    }
}
