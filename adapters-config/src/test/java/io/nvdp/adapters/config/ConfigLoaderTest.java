package io.nvdp.adapters.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nvdp.domain.DomainException;
import io.nvdp.domain.config.MigStrategy;
import io.nvdp.domain.config.PluginConfig;
import io.nvdp.domain.config.ReplicatedResource;
import io.nvdp.domain.config.TimeSlicing;
import io.nvdp.domain.model.ResourceName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    private static final String FILE_ERROR =
            "unable to load config: unable to finalize config: unable to parse config file: error parsing config file: ";
    private static final String VALIDATE_ERROR = "unable to load config: unable to validate flags: ";

    private static final String DEFAULT_RUNNING_CONFIG = """
            {
              "version": "v1",
              "flags": {
                "migStrategy": "none",
                "failOnInitError": true,
                "nvidiaDriverRoot": "/",
                "gdsEnabled": false,
                "mofedEnabled": false,
                "deviceDiscoveryStrategy": "auto",
                "plugin": {
                  "passDeviceSpecs": false,
                  "deviceListStrategy": [
                    "envvar"
                  ],
                  "deviceIDStrategy": "uuid",
                  "cdiAnnotationPrefix": "cdi.k8s.io/",
                  "nvidiaCTKPath": "/usr/bin/nvidia-ctk",
                  "containerDriverRoot": "/driver-root",
                  "sharedDevicesAllocationPolicy": "distributed"
                }
              },
              "resources": {
                "gpus": [
                  {
                    "pattern": "*",
                    "name": "nvidia.com/gpu"
                  }
                ]
              },
              "sharing": {
                "timeSlicing": {}
              }
            }""";

    @TempDir
    Path dir;

    private final ConfigLoader loader = new ConfigLoader();

    private LoadedConfig loadFile(String content) throws Exception {
        Path file = Files.writeString(dir.resolve("config.yaml"), content);
        return loader.load(List.of("--config-file", file.toString()), Map.of());
    }

    private void assertFileFails(String content, String message) throws Exception {
        Path file = Files.writeString(dir.resolve("config.yaml"), content);
        assertThatThrownBy(() -> loader.load(List.of("--config-file", file.toString()), Map.of()))
                .isInstanceOf(ConfigException.class)
                .isInstanceOf(DomainException.class)
                .hasMessage(message);
    }

    @Test
    void noFlagsNoEnvNoFileGivesUpstreamsDefaults() {
        LoadedConfig loaded = loader.load(List.of(), Map.of());

        assertThat(loaded.pluginConfig()).isEqualTo(PluginConfig.defaults());
        assertThat(loaded.daemonOptions().configFile()).isEmpty();
        assertThat(loaded.daemonOptions().registersWithKubelet()).isTrue();
        assertThat(loaded.warnings()).isEmpty();
    }

    @Test
    void defaultRunningWithConfigJsonIsUpstreamsText() {
        assertThat(loader.load(List.of(), Map.of()).runningWithConfigJson()).isEqualTo(DEFAULT_RUNNING_CONFIG);
    }

    @Test
    void emptyFileAndDevNullSymlinkBehaveAsNoFile() throws Exception {
        Path empty = Files.createFile(dir.resolve("empty.yaml"));
        Path link = Files.createSymbolicLink(dir.resolve("link.yaml"), Path.of("/dev/null"));

        for (Path file : List.of(empty, link)) {
            LoadedConfig loaded = loader.load(List.of("--config-file=" + file), Map.of());
            assertThat(loaded.pluginConfig()).isEqualTo(PluginConfig.defaults());
            assertThat(loaded.runningWithConfigJson()).isEqualTo(DEFAULT_RUNNING_CONFIG);
        }
    }

    @Test
    void timeSlicingRunningWithConfigJsonIsUpstreamsText() throws Exception {
        LoadedConfig loaded = loadFile("""
                version: v1
                flags:
                  migStrategy: none
                sharing:
                  timeSlicing:
                    renameByDefault: true
                    resources:
                    - name: nvidia.com/gpu
                      replicas: 4
                """);

        assertThat(loaded.runningWithConfigJson()).isEqualTo("""
                {
                  "version": "v1",
                  "flags": {
                    "migStrategy": "none",
                    "failOnInitError": true,
                    "nvidiaDriverRoot": "/",
                    "gdsEnabled": false,
                    "mofedEnabled": false,
                    "deviceDiscoveryStrategy": "auto",
                    "plugin": {
                      "passDeviceSpecs": false,
                      "deviceListStrategy": [
                        "envvar"
                      ],
                      "deviceIDStrategy": "uuid",
                      "cdiAnnotationPrefix": "cdi.k8s.io/",
                      "nvidiaCTKPath": "/usr/bin/nvidia-ctk",
                      "containerDriverRoot": "/driver-root",
                      "sharedDevicesAllocationPolicy": "distributed"
                    }
                  },
                  "resources": {
                    "gpus": [
                      {
                        "pattern": "*",
                        "name": "nvidia.com/gpu"
                      }
                    ]
                  },
                  "sharing": {
                    "timeSlicing": {
                      "renameByDefault": true,
                      "resources": [
                        {
                          "name": "nvidia.com/gpu",
                          "rename": "nvidia.com/gpu.shared",
                          "devices": "all",
                          "replicas": 4
                        }
                      ]
                    }
                  }
                }""");
        assertThat(loaded.pluginConfig().timeSlicing()).isEqualTo(new TimeSlicing(true, false, List.of(
                new ReplicatedResource(ResourceName.GPU, 4, Optional.of(ResourceName.of("nvidia.com/gpu.shared"))))));
    }

    @Test
    void singleStrategyPrintsTheMigDefaultAsGpu() {
        String json = loader.load(List.of("--mig-strategy=single"), Map.of()).runningWithConfigJson();
        assertThat(json).contains("""
                    "mig": [
                      {
                        "pattern": "*",
                        "name": "nvidia.com/gpu"
                      }
                    ]
                """);
    }

    @Test
    void mixedStrategyPrintsOneMigResourcePerFullProfileOnceDiscoveryKnowsThem() {
        LoadedConfig loaded = loader.load(List.of("--mig-strategy=mixed"), Map.of());

        assertThat(loaded.runningWithConfigJson()).doesNotContain("\"mig\"");
        String json = loaded.runningWithConfigJson(List.of("1g.5gb", "1g.5gb+me", "1c.2g.10gb", "2g.10gb", "1g.5gb"));
        assertThat(json).contains("""
                    "mig": [
                      {
                        "pattern": "1g.5gb",
                        "name": "nvidia.com/mig-1g.5gb"
                      },
                      {
                        "pattern": "1g.5gb+me",
                        "name": "nvidia.com/mig-1g.5gb.me"
                      },
                      {
                        "pattern": "2g.10gb",
                        "name": "nvidia.com/mig-2g.10gb"
                      }
                    ]
                """);
    }

    // --- the four operator mistakes ---

    @Test
    void typoedStrategyNamesTheOptionAndValue() throws Exception {
        assertFileFails("version: v1\nflags:\n  plugin:\n    deviceListStrategy: envar\n",
                "unable to load config: unable to validate flags: invalid --device-list-strategy option: invalid strategy: envar");
    }

    @Test
    void oneReplicaIsRejected() throws Exception {
        assertFileFails("version: v1\nsharing:\n  timeSlicing:\n    resources:\n    - name: nvidia.com/gpu\n      replicas: 1\n",
                FILE_ERROR + "unmarshal error: error unmarshaling JSON: while decoding JSON: number of replicas must be >= 2");
    }

    @Test
    void unknownVersionIsRejected() throws Exception {
        assertFileFails("version: v2\n", FILE_ERROR + "unknown version: v2");
    }

    @Test
    void malformedYamlIsOneLineWithPosition() throws Exception {
        assertFileFails("version: v1\nflags:\n  migStrategy: none\n   failOnInitError: true\n",
                FILE_ERROR + "unmarshal error: error converting YAML to JSON: mapping values are not allowed here"
                        + " (line 4, column 19)");
    }

    // --- other errors ---

    @Test
    void missingConfigFileIsAnOpenError() {
        Path missing = dir.resolve("missing.yaml");
        assertThatThrownBy(() -> loader.load(List.of("--config-file=" + missing), Map.of()))
                .hasMessage("unable to load config: unable to finalize config: unable to parse config file:"
                        + " error opening config file: open " + missing + ": no such file or directory");
    }

    @Test
    void invalidValuesGetUpstreamsValidationMessages() {
        assertThatThrownBy(() -> loader.load(List.of("--device-list-strategy=envvar,bogus"), Map.of()))
                .hasMessage(VALIDATE_ERROR + "invalid --device-list-strategy option: invalid strategy: bogus");
        assertThatThrownBy(() -> loader.load(List.of(), Map.of("DEVICE_ID_STRATEGY", "serial")))
                .hasMessage(VALIDATE_ERROR + "invalid --device-id-strategy option: serial");
        assertThatThrownBy(() -> loader.load(List.of("--shared-devices-allocation-policy=spread"), Map.of()))
                .hasMessage(VALIDATE_ERROR + "invalid --shared-devices-allocation-policy option: spread");
        assertThatThrownBy(() -> loader.load(List.of("--device-discovery-strategy=magic"), Map.of()))
                .hasMessage(VALIDATE_ERROR + "invalid --device-discovery-strategy option magic");
        assertThatThrownBy(() -> loader.load(List.of("--mig-strategy=double"), Map.of()))
                .hasMessage("error creating plugin manager: unknown strategy: double");
    }

    @Test
    void invalidDaemonOptionsNameTheOption() {
        assertThatThrownBy(() -> loader.load(List.of("--health-recovery-interval=-5s"), Map.of()))
                .hasMessage(VALIDATE_ERROR + "invalid --health-recovery-interval option: -5s (must not be negative)");
        assertThatThrownBy(() -> loader.load(List.of("--metrics-address=localhost"), Map.of()))
                .hasMessage(VALIDATE_ERROR + "invalid --metrics-address option: localhost (want host:port)");
        assertThatThrownBy(() -> loader.load(List.of("--cdi-spec-dir=run/cdi"), Map.of()))
                .hasMessage(VALIDATE_ERROR + "invalid --cdi-spec-dir option: 'run/cdi' (want an absolute path)");
    }

    @Test
    void messagesStayOneLineEvenWhenTheValueHasLineBreaks() throws Exception {
        assertFileFails("flags:\n  migStrategy: \"mixed\\nsingle\"\n",
                "error creating plugin manager: unknown strategy: mixed\\nsingle");
    }

    @Test
    void invalidMigStrategyInTheFileIsCaughtToo() throws Exception {
        assertFileFails("flags:\n  migStrategy: mixd\n", "error creating plugin manager: unknown strategy: mixd");
    }

    // --- runtime restrictions (spec 2.5, 2.6) ---

    @Test
    void userResourcesAreIgnoredWithAWarning() throws Exception {
        LoadedConfig loaded = loadFile("resources:\n  gpus:\n  - pattern: \"A100*\"\n    name: a100\n");

        assertThat(loaded.warnings())
                .containsExactly("Customizing the 'resources' field is not yet supported in the config. Ignoring...");
        assertThat(loaded.runningWithConfigJson()).isEqualTo(DEFAULT_RUNNING_CONFIG);
    }

    @Test
    void renameWithoutRenameByDefaultIsDroppedWithAWarning() throws Exception {
        LoadedConfig loaded = loadFile(
                "sharing:\n  timeSlicing:\n    resources:\n    - name: gpu\n      rename: my-gpu\n      replicas: 2\n");

        assertThat(loaded.warnings()).containsExactly(
                "Setting the 'rename' field in sharing.timeSlicing.resources is not yet supported in the config. Ignoring...");
        assertThat(loaded.pluginConfig().timeSlicing().resources())
                .containsExactly(new ReplicatedResource(ResourceName.GPU, 2, Optional.empty()));
    }

    @Test
    void customRenameWithRenameByDefaultIsForcedToShared() throws Exception {
        LoadedConfig loaded = loadFile("sharing:\n  timeSlicing:\n    renameByDefault: true\n    resources:\n"
                + "    - name: gpu\n      rename: my-gpu\n      replicas: 3\n");

        assertThat(loaded.warnings()).containsExactly(
                "Setting the 'rename' field in sharing.timeSlicing.resources is not yet supported in the config. Ignoring...");
        assertThat(loaded.pluginConfig().timeSlicing().resources().getFirst().advertisedAs())
                .isEqualTo(ResourceName.of("gpu.shared"));
    }

    @Test
    void devicesOtherThanAllAreForcedToAllWithAWarning() throws Exception {
        LoadedConfig loaded = loadFile("sharing:\n  timeSlicing:\n    failRequestsGreaterThanOne: true\n    resources:\n"
                + "    - name: gpu\n      devices: [0, 1]\n      replicas: 2\n");

        assertThat(loaded.warnings()).containsExactly(
                "Customizing the 'devices' field in sharing.timeSlicing.resources is not yet supported in the config. Ignoring...");
        assertThat(loaded.runningWithConfigJson()).contains("\"devices\": \"all\"").contains("\"failRequestsGreaterThanOne\": true");
        assertThat(loaded.pluginConfig().timeSlicing().failRequestsGreaterThanOne()).isTrue();
    }

    @Test
    void gfdSectionIsDroppedFromTheRunningConfig() throws Exception {
        LoadedConfig loaded = loadFile("flags:\n  gfd:\n    oneshot: true\n    sleepInterval: 10s\n");
        assertThat(loaded.config().flags().gfd()).isNull();
        assertThat(loaded.runningWithConfigJson()).doesNotContain("gfd");
    }

    @Test
    void loadingAgainRereadsTheFile() throws Exception {
        Path file = Files.writeString(dir.resolve("c.yaml"), "flags:\n  migStrategy: single\n");
        List<String> args = List.of("--config-file=" + file);
        assertThat(loader.load(args, Map.of()).pluginConfig().migStrategy()).isEqualTo(MigStrategy.SINGLE);

        Files.writeString(file, "flags:\n  migStrategy: mixed\n");
        assertThat(loader.load(args, Map.of()).pluginConfig().migStrategy()).isEqualTo(MigStrategy.MIXED);
    }

    @Test
    void emptyKubeletSocketMeansDoNotRegister() {
        assertThat(loader.load(List.of("--kubelet-socket="), Map.of()).daemonOptions().registersWithKubelet()).isFalse();
    }

    // --- help and version ---

    @Test
    void helpListsEveryFlagWithItsEnvVarAndDefault() {
        Invocation invocation = loader.parse(List.of("--help"), Map.of());

        assertThat(invocation).isInstanceOf(Invocation.ShowHelp.class);
        List<String> lines = ((Invocation.ShowHelp) invocation).text().lines().toList();
        for (Flag flag : Flag.values()) {
            assertThat(lines).as(flag.flagName()).anySatisfy(line -> assertThat(line)
                    .contains("--" + flag.flagName() + " ")
                    .contains("[$" + flag.envVar() + "]")
                    .contains("(default: "));
        }
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("--mig-strategy value").endsWith("(default: \"none\") [$MIG_STRATEGY]"));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("--fail-on-init-error ").endsWith("(default: true) [$FAIL_ON_INIT_ERROR]"));
        assertThat(lines).anySatisfy(l -> assertThat(l).endsWith("(default: 30s) [$HEALTH_RECOVERY_INTERVAL]"));
        assertThat(lines).anySatisfy(l -> assertThat(l).endsWith(
                "(default: \"/var/lib/kubelet/device-plugins/kubelet.sock\") [$KUBELET_SOCKET]"));
    }

    @Test
    void helpWinsOverOtherwiseBadArguments() {
        assertThat(loader.parse(List.of("-h", "--no-such-flag"), Map.of("MIG_STRATEGY", "bogus")))
                .isInstanceOf(Invocation.ShowHelp.class);
    }

    @Test
    void helpAfterAFlagWithASeparateValueIsStillHelp() {
        assertThat(loader.parse(List.of("--mig-strategy", "mixed", "--help"), Map.of())).isInstanceOf(Invocation.ShowHelp.class);
        assertThat(loader.parse(List.of("--pass-device-specs", "-v"), Map.of())).isInstanceOf(Invocation.ShowVersion.class);
    }

    @Test
    void versionPrintsTheProjectVersion() {
        Invocation invocation = loader.parse(List.of("--version"), Map.of());
        assertThat(invocation).isInstanceOf(Invocation.ShowVersion.class);
        assertThat(((Invocation.ShowVersion) invocation).text()).matches("nvidia-device-plugin version v\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    }

    @Test
    void plainArgumentsRun() {
        assertThat(loader.parse(List.of("--pass-device-specs"), Map.of()))
                .isInstanceOfSatisfying(Invocation.Run.class, run -> assertThat(run.config().pluginConfig().passDeviceSpecs()).isTrue());
    }
}
