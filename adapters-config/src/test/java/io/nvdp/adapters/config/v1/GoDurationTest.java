package io.nvdp.adapters.config.v1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoDurationTest {
    @ParameterizedTest
    @CsvSource({
        "0, 0", "30s, 30000000000", "1m, 60000000000", "1h30m, 5400000000000", "1.5s, 1500000000",
        "250ms, 250000000", "5ns, 5", "2us, 2000", "-1s, -1000000000", "+2s, 2000000000", ".5s, 500000000"})
    void parsesGoDurations(String text, long nanos) {
        assertThat(GoDuration.parse(text)).isEqualTo(Duration.ofNanos(nanos));
    }

    @ParameterizedTest
    @CsvSource({
        "abc, time: invalid duration \"abc\"",
        "'', time: invalid duration \"\"",
        "30, time: missing unit in duration \"30\"",
        "3d, time: unknown unit \"d\" in duration \"3d\""})
    void rejectsWithGosText(String text, String message) {
        assertThatThrownBy(() -> GoDuration.parse(text)).hasMessage(message);
    }

    @ParameterizedTest
    @CsvSource({
        "0, 0s", "5, 5ns", "1500, 1.5µs", "2000000, 2ms", "1000000000, 1s", "60000000000, 1m0s",
        "90500000000, 1m30.5s", "3600000000000, 1h0m0s", "-30000000000, -30s"})
    void formatsLikeGo(long nanos, String text) {
        assertThat(GoDuration.format(Duration.ofNanos(nanos))).isEqualTo(text);
    }
}
