package io.nvdp.adapters.config.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigManagerFlagsTest {

    private static final Map<String, String> REQUIRED_ENV = Map.of(
            "NODE_NAME", "node-1", "CONFIG_FILE_SRCDIR", "/available-configs", "CONFIG_FILE_DST", "/config/config.yaml");

    private static ConfigManagerFlags parse(Map<String, String> env, String... args) {
        return ConfigManagerFlags.parse(List.of(args), env);
    }

    @Test
    void defaultsMatchUpstream() {
        var flags = parse(REQUIRED_ENV);

        assertThat(flags).isEqualTo(new ConfigManagerFlags(false, "", "node-1", "nvidia.com/device-plugin.config",
                Path.of("/available-configs"), Path.of("/config/config.yaml"), "", List.of(), true, 1,
                "nvidia-device-plugin"));
    }

    @Test
    void everySettingComesFromItsEnvironmentVariable() {
        var flags = parse(Map.ofEntries(
                Map.entry("ONESHOT", "true"), Map.entry("KUBECONFIG", "/kube/config"), Map.entry("NODE_NAME", "n"),
                Map.entry("NODE_LABEL", "my/label"), Map.entry("CONFIG_FILE_SRCDIR", "/src"),
                Map.entry("CONFIG_FILE_DST", "/dst"), Map.entry("DEFAULT_CONFIG", "a"),
                Map.entry("FALLBACK_STRATEGIES", "named, single"), Map.entry("SEND_SIGNAL", "false"),
                Map.entry("SIGNAL", "10"), Map.entry("PROCESS_TO_SIGNAL", "gpu-feature-discovery")));

        assertThat(flags).isEqualTo(new ConfigManagerFlags(true, "/kube/config", "n", "my/label", Path.of("/src"),
                Path.of("/dst"), "a", List.of("named", "single"), false, 10, "gpu-feature-discovery"));
    }

    @Test
    void flagsBeatEnvironmentInBothSpellings() {
        var flags = parse(REQUIRED_ENV, "--node-name=flag-node", "--config-file-dst", "/other", "-signal", "15",
                "--fallback-strategies", "empty");

        assertThat(flags.nodeName()).isEqualTo("flag-node");
        assertThat(flags.configFileDst()).isEqualTo(Path.of("/other"));
        assertThat(flags.signal()).isEqualTo(15);
        assertThat(flags.fallbackStrategies()).containsExactly("empty");
    }

    @Test
    void booleanFlagsAreBareOrTakeAnExplicitValue() {
        var env = new java.util.HashMap<>(REQUIRED_ENV);
        env.put("SEND_SIGNAL", "true");

        assertThat(parse(env, "--oneshot").oneshot()).isTrue();
        assertThat(parse(env, "--oneshot=false").oneshot()).isFalse();
        assertThat(parse(env, "--send-signal=false").sendSignal()).isFalse();
        assertThat(parse(env, "--send-signal=0", "--send-signal=T").sendSignal()).isTrue();
    }

    @Test
    void bareBooleanDoesNotSwallowTheNextArgument() {
        var flags = parse(REQUIRED_ENV, "--oneshot", "--node-name", "n2");

        assertThat(flags.oneshot()).isTrue();
        assertThat(flags.nodeName()).isEqualTo("n2");
    }

    @Test
    void fallbackStrategiesRepeatAndSplitOnCommas() {
        assertThat(parse(REQUIRED_ENV, "--fallback-strategies=named", "--fallback-strategies", "single,empty")
                .fallbackStrategies()).containsExactly("named", "single", "empty");
    }

    @Test
    void emptyEnvironmentValueOfABooleanOrIntegerMeansUnset() {
        var env = new java.util.HashMap<>(REQUIRED_ENV);
        env.put("SEND_SIGNAL", "");
        env.put("SIGNAL", "");
        env.put("KUBECONFIG", "");

        var flags = parse(env);

        assertThat(flags.sendSignal()).isTrue();
        assertThat(flags.signal()).isEqualTo(1);
        assertThat(flags.kubeconfig()).isEmpty();
    }

    @Test
    void eachRequiredSettingRejectsAnEmptyValue() {
        assertThatThrownBy(() -> parse(Map.of("CONFIG_FILE_SRCDIR", "/s", "CONFIG_FILE_DST", "/d")))
                .isInstanceOf(ConfigManagerFlags.InvalidFlagException.class)
                .hasMessage("invalid <node-name>: must not be empty string");
        assertThatThrownBy(() -> parse(REQUIRED_ENV, "--node-label="))
                .hasMessage("invalid <node-label>: must not be empty string");
        assertThatThrownBy(() -> parse(Map.of("NODE_NAME", "n", "CONFIG_FILE_DST", "/d")))
                .hasMessage("invalid <config-file-srcdir>: must not be empty string");
        assertThatThrownBy(() -> parse(Map.of("NODE_NAME", "n", "CONFIG_FILE_SRCDIR", "/s", "CONFIG_FILE_DST", "")))
                .hasMessage("invalid <config-file-dst>: must not be empty string");
    }

    @Test
    void unknownFlagIsRejectedAsGoDoes() {
        assertThatThrownBy(() -> parse(REQUIRED_ENV, "--nodename=x"))
                .isInstanceOf(ConfigManagerFlags.InvalidFlagException.class)
                .hasMessage("flag provided but not defined: -nodename");
    }

    @Test
    void valueFlagAtTheEndNeedsAnArgument() {
        assertThatThrownBy(() -> parse(REQUIRED_ENV, "--node-name"))
                .hasMessage("flag needs an argument: -node-name");
    }

    @Test
    void malformedValuesNameTheFlagOrVariable() {
        assertThatThrownBy(() -> parse(REQUIRED_ENV, "--signal=HUP"))
                .hasMessage("invalid value \"HUP\" for flag -signal: parse error");
        var env = new java.util.HashMap<>(REQUIRED_ENV);
        env.put("ONESHOT", "yes");
        assertThatThrownBy(() -> parse(env))
                .hasMessage("invalid boolean value \"yes\" for env ONESHOT: parse error");
    }

    @Test
    void positionalArgumentsAreRejected() {
        assertThatThrownBy(() -> parse(REQUIRED_ENV, "extra"))
                .hasMessage("unexpected argument: extra");
    }

    @Test
    void helpIsRequestedWithEitherSpelling() {
        assertThatThrownBy(() -> parse(Map.of(), "--help")).isInstanceOf(ConfigManagerFlags.HelpRequested.class);
        assertThatThrownBy(() -> parse(Map.of(), "-h"))
                .isInstanceOf(ConfigManagerFlags.HelpRequested.class)
                .hasMessageContaining("--config-file-srcdir value")
                .hasMessageContaining("[$FALLBACK_STRATEGIES]");
    }
}
