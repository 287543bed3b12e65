package io.nvdp.adapters.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nvdp.domain.config.MigStrategy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GfdConfigLoaderTest {
    @TempDir
    Path dir;

    private final GfdConfigLoader loader = new GfdConfigLoader();

    private Path config(String yaml) throws IOException {
        Path file = dir.resolve("config.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void defaultsAreGpuFeatureDiscoverys() {
        GfdOptions o = loader.load(List.of(), Map.of());
        assertThat(o.migStrategy()).isEqualTo(MigStrategy.NONE);
        assertThat(o.failOnInitError()).isTrue();
        assertThat(o.oneshot()).isFalse();
        assertThat(o.noTimestamp()).isFalse();
        assertThat(o.sleepInterval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(o.outputFile()).contains(Path.of("/etc/kubernetes/node-feature-discovery/features.d/gfd"));
        assertThat(o.machineTypeFile()).isEqualTo(Path.of("/sys/class/dmi/id/product_name"));
        assertThat(o.labelOutput()).isEqualTo(GfdOptions.LabelOutput.FEATURE_FILE);
    }

    @Test
    void flagsBeatEnvVarsWhichBeatTheFileWhichBeatsTheDefault() throws IOException {
        Path file = config("""
                version: v1
                flags:
                  migStrategy: mixed
                  failOnInitError: false
                  gfd:
                    oneshot: true
                    noTimestamp: true
                    sleepInterval: 5s
                    outputFile: /from/file
                    machineTypeFile: /file/product_name
                """);
        GfdOptions o = loader.load(List.of("--config-file", file.toString(), "-o", "/from/flag", "--sleep-interval=2s"),
                Map.of("GFD_MIG_STRATEGY", "single", "MIG_STRATEGY", "none", "GFD_SLEEP_INTERVAL", "3s"));
        assertThat(o.migStrategy()).isEqualTo(MigStrategy.SINGLE);
        assertThat(o.failOnInitError()).isFalse();
        assertThat(o.oneshot()).isTrue();
        assertThat(o.noTimestamp()).isTrue();
        assertThat(o.sleepInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(o.outputFile()).contains(Path.of("/from/flag"));
        assertThat(o.machineTypeFile()).isEqualTo(Path.of("/file/product_name"));
    }

    @Test
    void theOutputFlagHasGfdsAliasesAndEmptyMeansStandardOutput() {
        assertThat(loader.load(List.of("--output=/x"), Map.of()).outputFile()).contains(Path.of("/x"));
        assertThat(loader.load(List.of("-o", ""), Map.of()).outputFile()).isEmpty();
        assertThat(loader.load(List.of(), Map.of("GFD_OUTPUT_FILE", "/env")).outputFile()).contains(Path.of("/env"));
    }

    @Test
    void sharingFollowsGfdsRestrictions() throws IOException {
        Path file = config("""
                version: v1
                sharing:
                  timeSlicing:
                    renameByDefault: false
                    resources:
                      - name: nvidia.com/gpu
                        rename: my-gpu
                        replicas: 4
                """);
        GfdOptions o = loader.load(List.of("--config-file=" + file), Map.of());
        assertThat(o.timeSlicing().resources()).singleElement().satisfies(r -> {
            assertThat(r.replicas()).isEqualTo(4);
            assertThat(r.rename()).isEmpty();
        });
        assertThat(o.warnings()).containsExactly(ConfigLoader.RENAME_IGNORED);
    }

    @Test
    void anUnknownStrategyIsOneLine() {
        assertThatThrownBy(() -> loader.load(List.of("--mig-strategy=half"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("unable to load config: invalid --mig-strategy option: unknown strategy: half");
    }

    @Test
    void aBadFlagsGfdValueNamesTheField() throws IOException {
        Path file = config("version: v1\nflags:\n  gfd:\n    sleepInterval: soon\n");
        assertThatThrownBy(() -> loader.load(List.of("--config-file=" + file), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("unable to load config: unable to finalize config: unable to parse config file:")
                .hasMessageContaining("soon")
                .hasMessageNotContaining("\n");
    }

    @Test
    void badFlagsAndEnvVarsAreOneLine() {
        assertThatThrownBy(() -> loader.load(List.of("--colour"), Map.of()))
                .hasMessage("flag provided but not defined: -colour");
        assertThatThrownBy(() -> loader.load(List.of(), Map.of("GFD_ONESHOT", "yes")))
                .hasMessageStartingWith("could not parse \"yes\" as bool value from environment variable \"GFD_ONESHOT\"");
        assertThatThrownBy(() -> loader.load(List.of("--label-output=crd"), Map.of()))
                .hasMessage("invalid --label-output option: crd (want feature-file or node)");
        assertThatThrownBy(() -> loader.load(List.of("--sleep-interval=0s"), Map.of()))
                .hasMessage("unable to load config: invalid --sleep-interval option: 0s (must be positive)");
    }

    @Test
    void theDirectLabellingOptionsAreRead() {
        GfdOptions o = loader.load(List.of("--label-output=node"), Map.of("NODE_NAME", "gpu-node-1"));
        assertThat(o.labelOutput()).isEqualTo(GfdOptions.LabelOutput.NODE);
        assertThat(o.nodeName()).isEqualTo("gpu-node-1");
        assertThat(o.nvmlLibrary()).isEqualTo(Optional.empty());
    }
}
