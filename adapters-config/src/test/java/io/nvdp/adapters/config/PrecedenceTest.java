package io.nvdp.adapters.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.nvdp.domain.config.DeviceIdStrategy;
import io.nvdp.domain.config.DeviceListStrategy;
import io.nvdp.domain.config.MigStrategy;
import io.nvdp.domain.config.SharedAllocationPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** CLI flag > env var > config file > default, decided per option, for every option. */
class PrecedenceTest {
    @TempDir
    Path dir;

    /**
     * One option: the file snippet that sets it ({@code null} when it has no config key), the env
     * and CLI settings, how to read it back, and what each layer should yield.
     */
    record Case(Flag flag, String fileYaml, String env, List<String> cli, Function<LoadedConfig, Object> read,
            Object byDefault, Object byFile, Object byEnv, Object byCli) {
        @Override
        public String toString() {
            return flag.flagName();
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case(Flag.MIG_STRATEGY, "flags:\n  migStrategy: single\n", "mixed", List.of("--mig-strategy=none"),
                        c -> c.pluginConfig().migStrategy(), MigStrategy.NONE, MigStrategy.SINGLE, MigStrategy.MIXED,
                        MigStrategy.NONE),
                new Case(Flag.FAIL_ON_INIT_ERROR, "flags:\n  failOnInitError: false\n", "true",
                        List.of("--fail-on-init-error=false"), c -> c.pluginConfig().failOnInitError(), true, false, true,
                        false),
                new Case(Flag.NVIDIA_DRIVER_ROOT, "flags:\n  nvidiaDriverRoot: /file\n", "/env",
                        List.of("--nvidia-driver-root", "/cli"), c -> c.pluginConfig().nvidiaDriverRoot(), "/", "/file",
                        "/env", "/cli"),
                new Case(Flag.PASS_DEVICE_SPECS, "flags:\n  plugin:\n    passDeviceSpecs: true\n", "false",
                        List.of("--pass-device-specs"), c -> c.pluginConfig().passDeviceSpecs(), false, true, false, true),
                new Case(Flag.DEVICE_LIST_STRATEGY, "flags:\n  plugin:\n    deviceListStrategy: volume-mounts\n",
                        "cdi-annotations,envvar",
                        List.of("--device-list-strategy=volume-mounts", "--device-list-strategy", "cdi-cri"),
                        c -> c.pluginConfig().deviceListStrategies(), List.of(DeviceListStrategy.ENVVAR),
                        List.of(DeviceListStrategy.VOLUME_MOUNTS),
                        List.of(DeviceListStrategy.CDI_ANNOTATIONS, DeviceListStrategy.ENVVAR),
                        List.of(DeviceListStrategy.VOLUME_MOUNTS, DeviceListStrategy.CDI_CRI)),
                new Case(Flag.DEVICE_ID_STRATEGY, "flags:\n  plugin:\n    deviceIDStrategy: index\n", "uuid",
                        List.of("--device-id-strategy=index"), c -> c.pluginConfig().deviceIdStrategy(),
                        DeviceIdStrategy.UUID, DeviceIdStrategy.INDEX, DeviceIdStrategy.UUID, DeviceIdStrategy.INDEX),
                new Case(Flag.GDS_ENABLED, "flags:\n  gdsEnabled: true\n", "0", List.of("--gds-enabled=true"),
                        c -> c.pluginConfig().gdsEnabled(), false, true, false, true),
                new Case(Flag.MOFED_ENABLED, "flags:\n  mofedEnabled: true\n", "false", List.of("-mofed-enabled"),
                        c -> c.pluginConfig().mofedEnabled(), false, true, false, true),
                new Case(Flag.CDI_ANNOTATION_PREFIX, "flags:\n  plugin:\n    cdiAnnotationPrefix: file.example/\n",
                        "env.example/", List.of("--cdi-annotation-prefix=cli.example/"),
                        c -> c.pluginConfig().cdiAnnotationPrefix(), "cdi.k8s.io/", "file.example/", "env.example/",
                        "cli.example/"),
                new Case(Flag.NVIDIA_CTK_PATH, "flags:\n  plugin:\n    nvidiaCTKPath: /file/ctk\n", "/env/ctk",
                        List.of("--nvidia-ctk-path=/cli/ctk"), c -> c.pluginConfig().nvidiaCtkPath(),
                        "/usr/bin/nvidia-ctk", "/file/ctk", "/env/ctk", "/cli/ctk"),
                new Case(Flag.CONTAINER_DRIVER_ROOT, "flags:\n  plugin:\n    containerDriverRoot: /file\n", "/env",
                        List.of("--container-driver-root=/cli"), c -> c.pluginConfig().containerDriverRoot(),
                        "/driver-root", "/file", "/env", "/cli"),
                new Case(Flag.SHARED_DEVICES_ALLOCATION_POLICY,
                        "flags:\n  plugin:\n    sharedDevicesAllocationPolicy: packed\n", "distributed",
                        List.of("--shared-devices-allocation-policy", "packed"),
                        c -> c.pluginConfig().sharedAllocationPolicy(), SharedAllocationPolicy.DISTRIBUTED,
                        SharedAllocationPolicy.PACKED, SharedAllocationPolicy.DISTRIBUTED, SharedAllocationPolicy.PACKED),
                new Case(Flag.DEVICE_DISCOVERY_STRATEGY, "flags:\n  deviceDiscoveryStrategy: nvml\n", "tegra",
                        List.of("--device-discovery-strategy=simulated"),
                        c -> c.daemonOptions().deviceDiscoveryStrategy(), DeviceDiscoveryStrategy.AUTO,
                        DeviceDiscoveryStrategy.NVML, DeviceDiscoveryStrategy.TEGRA, DeviceDiscoveryStrategy.SIMULATED),
                new Case(Flag.KUBELET_SOCKET, null, "/env/kubelet.sock", List.of("--kubelet-socket=/cli/kubelet.sock"),
                        c -> c.daemonOptions().kubeletSocket(), Path.of("/var/lib/kubelet/device-plugins/kubelet.sock"),
                        null, Path.of("/env/kubelet.sock"), Path.of("/cli/kubelet.sock")),
                new Case(Flag.SIMULATED_NODE, null, "dgx-h100", List.of("--simulated-node", "t4-pair"),
                        c -> c.daemonOptions().simulatedNode(), "dgx-a100", null, "dgx-h100", "t4-pair"),
                new Case(Flag.NVML_LIBRARY, null, "/env/libnvidia-ml.so.1", List.of("--nvml-library=/cli/libfake.so"),
                        c -> c.daemonOptions().nvmlLibrary(), Optional.empty(), null,
                        Optional.of(Path.of("/env/libnvidia-ml.so.1")), Optional.of(Path.of("/cli/libfake.so"))),
                new Case(Flag.HEALTH_RECOVERY_INTERVAL, null, "1m", List.of("--health-recovery-interval=0"),
                        c -> c.daemonOptions().healthRecoveryInterval(), Duration.ofSeconds(30), null,
                        Duration.ofMinutes(1), Duration.ZERO),
                new Case(Flag.METRICS_ADDRESS, null, ":9400", List.of("--metrics-address=127.0.0.1:9500"),
                        c -> c.daemonOptions().metricsAddress(), Optional.empty(), null, Optional.of(":9400"),
                        Optional.of("127.0.0.1:9500")),
                new Case(Flag.FAULT_CONTROL_SOCKET, null, "/tmp/env.sock", List.of("--fault-control-socket=/tmp/cli.sock"),
                        c -> c.daemonOptions().faultControlSocket(), Optional.empty(), null,
                        Optional.of(Path.of("/tmp/env.sock")), Optional.of(Path.of("/tmp/cli.sock"))),
                new Case(Flag.CDI_SPEC_DIR, null, "/env/cdi", List.of("--cdi-spec-dir=/cli/cdi"),
                        c -> c.daemonOptions().cdiSpecDir(), Path.of("/var/run/cdi"), null, Path.of("/env/cdi"),
                        Path.of("/cli/cdi")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void cliBeatsEnvBeatsFileBeatsDefault(Case c) throws Exception {
        ConfigLoader loader = new ConfigLoader();
        List<String> fileArgs = List.of();
        assertThat(c.read().apply(loader.load(List.of(), Map.of()))).as("default").isEqualTo(c.byDefault());
        if (c.fileYaml() != null) {
            Path file = Files.writeString(dir.resolve(c.flag().flagName() + ".yaml"), c.fileYaml());
            fileArgs = List.of("--config-file=" + file);
            assertThat(c.read().apply(loader.load(fileArgs, Map.of()))).as("file over default").isEqualTo(c.byFile());
        }
        Map<String, String> env = Map.of(c.flag().envVar(), c.env());
        assertThat(c.read().apply(loader.load(fileArgs, env))).as("env over file").isEqualTo(c.byEnv());
        List<String> args = new ArrayList<>(fileArgs);
        args.addAll(c.cli());
        assertThat(c.read().apply(loader.load(args, env))).as("CLI over env").isEqualTo(c.byCli());
    }

    @Test
    void everyFlagButConfigFileHasACase() {
        Set<Flag> covered = EnumSet.noneOf(Flag.class);
        cases().forEach(c -> covered.add(c.flag()));
        assertThat(EnumSet.complementOf(EnumSet.copyOf(covered))).containsExactly(Flag.CONFIG_FILE);
    }

    @Test
    void configFileFromTheCliBeatsTheOneFromEnv() throws Exception {
        Path fromEnv = Files.writeString(dir.resolve("env.yaml"), "flags:\n  migStrategy: single\n");
        Path fromCli = Files.writeString(dir.resolve("cli.yaml"), "flags:\n  migStrategy: mixed\n");
        ConfigLoader loader = new ConfigLoader();

        LoadedConfig envOnly = loader.load(List.of(), Map.of("CONFIG_FILE", fromEnv.toString()));
        LoadedConfig both = loader.load(List.of("--config-file", fromCli.toString()), Map.of("CONFIG_FILE", fromEnv.toString()));

        assertThat(envOnly.pluginConfig().migStrategy()).isEqualTo(MigStrategy.SINGLE);
        assertThat(envOnly.daemonOptions().configFile()).contains(fromEnv);
        assertThat(both.pluginConfig().migStrategy()).isEqualTo(MigStrategy.MIXED);
        assertThat(both.daemonOptions().configFile()).contains(fromCli);
    }

    @Test
    void aFileValueSurvivesOnlyForOptionsNeitherCliNorEnvSet() throws Exception {
        Path file = Files.writeString(dir.resolve("c.yaml"),
                "flags:\n  migStrategy: mixed\n  plugin:\n    deviceIDStrategy: index\n    passDeviceSpecs: true\n");
        LoadedConfig loaded = new ConfigLoader().load(List.of("--config-file=" + file, "--device-id-strategy=uuid"),
                Map.of("PASS_DEVICE_SPECS", "false"));

        assertThat(loaded.pluginConfig().migStrategy()).isEqualTo(MigStrategy.MIXED);
        assertThat(loaded.pluginConfig().deviceIdStrategy()).isEqualTo(DeviceIdStrategy.UUID);
        assertThat(loaded.pluginConfig().passDeviceSpecs()).isFalse();
    }
}
