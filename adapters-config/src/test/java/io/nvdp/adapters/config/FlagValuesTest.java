package io.nvdp.adapters.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FlagValuesTest {
    private static FlagValues cli(String... args) {
        return FlagValues.parse(List.of(args), Map.of());
    }

    @Test
    void acceptsGoStyleSpellings() {
        assertThat(cli("--mig-strategy=mixed").string(Flag.MIG_STRATEGY)).isEqualTo("mixed");
        assertThat(cli("--mig-strategy", "mixed").string(Flag.MIG_STRATEGY)).isEqualTo("mixed");
        assertThat(cli("-mig-strategy=single").string(Flag.MIG_STRATEGY)).isEqualTo("single");
        assertThat(cli("-mig-strategy", "single").string(Flag.MIG_STRATEGY)).isEqualTo("single");
    }

    @Test
    void booleansTakeNoValueOrAnAttachedOne() {
        assertThat(cli("--pass-device-specs").bool(Flag.PASS_DEVICE_SPECS)).isTrue();
        assertThat(cli("--pass-device-specs=true").bool(Flag.PASS_DEVICE_SPECS)).isTrue();
        assertThat(cli("--fail-on-init-error=false").bool(Flag.FAIL_ON_INIT_ERROR)).isFalse();
        assertThat(cli("--fail-on-init-error=0").bool(Flag.FAIL_ON_INIT_ERROR)).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"true, true", "false, false", "1, true", "0, false", "TRUE, true", "f, false", "'', false"})
    void envBooleansFollowGo(String raw, boolean expected) {
        assertThat(FlagValues.parse(List.of(), Map.of("GDS_ENABLED", raw)).bool(Flag.GDS_ENABLED)).isEqualTo(expected);
    }

    @Test
    void deviceListStrategyRepeatsOnTheCliAndSplitsOnCommas() {
        assertThat(cli("--device-list-strategy=envvar", "--device-list-strategy", "volume-mounts,cdi-annotations")
                .list(Flag.DEVICE_LIST_STRATEGY)).containsExactly("envvar", "volume-mounts", "cdi-annotations");
        assertThat(FlagValues.parse(List.of(), Map.of("DEVICE_LIST_STRATEGY", "envvar, cdi-annotations"))
                .list(Flag.DEVICE_LIST_STRATEGY)).containsExactly("envvar", "cdi-annotations");
    }

    @Test
    void durationsAreGoDurations() {
        assertThat(cli("--health-recovery-interval=1m30s").duration(Flag.HEALTH_RECOVERY_INTERVAL))
                .isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void parsingStopsAtTheFirstNonFlagAsInGo() {
        FlagValues values = cli("serve", "--mig-strategy=mixed");
        assertThat(values.isSet(Flag.MIG_STRATEGY)).isFalse();
        assertThat(cli("--", "--no-such-flag").isSet(Flag.MIG_STRATEGY)).isFalse();
    }

    @Test
    void unknownFlagIsNamed() {
        assertThatThrownBy(() -> cli("--mig-stratgy=mixed")).isInstanceOf(ConfigException.class)
                .hasMessage("flag provided but not defined: -mig-stratgy");
    }

    @Test
    void badValuesAreNamedWithTheirFlag() {
        assertThatThrownBy(() -> cli("--pass-device-specs=yes"))
                .hasMessage("invalid boolean value \"yes\" for -pass-device-specs: parse error");
        assertThatThrownBy(() -> cli("--health-recovery-interval=soon"))
                .hasMessage("invalid value \"soon\" for flag -health-recovery-interval: time: invalid duration \"soon\"");
        assertThatThrownBy(() -> cli("--mig-strategy"))
                .hasMessage("flag needs an argument: -mig-strategy");
    }

    @Test
    void badEnvValuesAreNamedWithTheirVariable() {
        assertThatThrownBy(() -> FlagValues.parse(List.of(), Map.of("PASS_DEVICE_SPECS", "yes")))
                .hasMessage("could not parse \"yes\" as bool value from environment variable \"PASS_DEVICE_SPECS\""
                        + " for flag pass-device-specs: strconv.ParseBool: parsing \"yes\": invalid syntax");
        assertThatThrownBy(() -> FlagValues.parse(List.of(), Map.of("HEALTH_RECOVERY_INTERVAL", "30")))
                .hasMessage("could not parse \"30\" as duration value from environment variable \"HEALTH_RECOVERY_INTERVAL\""
                        + " for flag health-recovery-interval: time: missing unit in duration \"30\"");
    }

    @Test
    void cliBeatsEnvAndEnvBeatsDefault() {
        FlagValues values = FlagValues.parse(List.of("--nvidia-driver-root=/cli"),
                Map.of("NVIDIA_DRIVER_ROOT", "/env", "GDS_ENABLED", "true"));
        assertThat(values.string(Flag.NVIDIA_DRIVER_ROOT)).isEqualTo("/cli");
        assertThat(values.bool(Flag.GDS_ENABLED)).isTrue();
        assertThat(values.bool(Flag.MOFED_ENABLED)).isFalse();
        assertThat(values.isSet(Flag.MOFED_ENABLED)).isFalse();
    }
}
