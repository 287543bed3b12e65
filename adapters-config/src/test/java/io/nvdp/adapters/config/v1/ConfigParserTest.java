package io.nvdp.adapters.config.v1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nvdp.adapters.config.ConfigException;
import io.nvdp.domain.model.ResourceName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigParserTest {
    private static final String DECODE = "unmarshal error: error unmarshaling JSON: while decoding JSON: ";

    private static String timeSlicing(String resourceBody) {
        return "version: v1\nsharing:\n  timeSlicing:\n    resources:\n    - " + resourceBody + "\n";
    }

    private static void assertFails(String content, String message) {
        assertThatThrownBy(() -> ConfigParser.parse(content))
                .isInstanceOf(ConfigException.class)
                .hasMessage(message);
    }

    @Test
    void emptyContentIsAnAllUnsetV1Config() {
        assertThat(ConfigParser.parse(new byte[0])).isEqualTo(Config.empty());
        assertThat(ConfigParser.parse("# only a comment\n")).isEqualTo(Config.empty());
    }

    @Test
    void emptyFileAndDevNullSymlinkAreAllUnsetV1Configs(@TempDir Path dir) throws Exception {
        Path empty = Files.createFile(dir.resolve("empty"));
        Path link = Files.createSymbolicLink(dir.resolve("config.yaml"), Path.of("/dev/null"));

        assertThat(ConfigParser.read(empty)).isEqualTo(Config.empty());
        assertThat(ConfigParser.read(link)).isEqualTo(Config.empty());
    }

    @Test
    void missingVersionBecomesV1() {
        assertThat(ConfigParser.parse("flags:\n  migStrategy: mixed\n").version()).isEqualTo("v1");
        assertThat(ConfigParser.parse("version: \"\"\n").version()).isEqualTo("v1");
    }

    @Test
    void otherVersionIsRejected() {
        assertFails("version: v2\n", "unknown version: v2");
        assertFails("{\"version\": \"v0\"}", "unknown version: v0");
    }

    @Test
    void missingFileNamesThePath(@TempDir Path dir) {
        Path missing = dir.resolve("nope.yaml");
        assertThatThrownBy(() -> ConfigParser.read(missing))
                .hasMessage("error opening config file: open " + missing + ": no such file or directory");
    }

    @Test
    void parseErrorsFromAFileAreWrapped(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("c.yaml"), "version: v2\n");
        assertThatThrownBy(() -> ConfigParser.read(file)).hasMessage("error parsing config file: unknown version: v2");
    }

    @Test
    void readsEveryFlagFromYaml() {
        Config config = ConfigParser.parse("""
                version: v1
                flags:
                  migStrategy: mixed
                  failOnInitError: false
                  nvidiaDriverRoot: /run/nvidia/driver
                  gdsEnabled: true
                  mofedEnabled: true
                  deviceDiscoveryStrategy: simulated
                  plugin:
                    passDeviceSpecs: true
                    deviceListStrategy: [envvar, cdi-annotations]
                    deviceIDStrategy: index
                    cdiAnnotationPrefix: example.com/
                    nvidiaCTKPath: /opt/nvidia-ctk
                    containerDriverRoot: /drv
                    sharedDevicesAllocationPolicy: packed
                  gfd:
                    oneshot: true
                    noTimestamp: true
                    sleepInterval: 5s
                    outputFile: /out
                    machineTypeFile: /mt
                """);

        assertThat(config.flags()).isEqualTo(new Flags("mixed", false, "/run/nvidia/driver", true, true, "simulated",
                new PluginFlags(true, List.of("envvar", "cdi-annotations"), "index", "example.com/", "/opt/nvidia-ctk",
                        "/drv", "packed"),
                new GfdFlags(true, true, Duration.ofSeconds(5), "/out", "/mt")));
    }

    @Test
    void readsJsonToo() {
        Config config = ConfigParser.parse("{\"version\":\"v1\",\"flags\":{\"migStrategy\":\"single\",\"plugin\":{\"deviceIDStrategy\":\"index\"}}}");
        assertThat(config.flags().migStrategy()).isEqualTo("single");
        assertThat(config.flags().plugin().deviceIDStrategy()).isEqualTo("index");
    }

    @Test
    void unknownKeysAreIgnored() {
        Config config = ConfigParser.parse("""
                version: v1
                future: {a: 1}
                flags:
                  migStrategy: single
                  someNewFlag: true
                  plugin:
                    whatever: [1, 2]
                sharing:
                  timeSlicing:
                    strategy: round-robin
                    resources:
                    - name: gpu
                      replicas: 2
                      comment: ignored
                """);
        assertThat(config.flags().migStrategy()).isEqualTo("single");
        assertThat(config.sharing().timeSlicing().resources()).hasSize(1);
    }

    @Test
    void flagKeysMatchCaseInsensitivelyLikeGo() {
        Config config = ConfigParser.parse("flags:\n  MigStrategy: mixed\n  plugin:\n    deviceidstrategy: index\n");
        assertThat(config.flags().migStrategy()).isEqualTo("mixed");
        assertThat(config.flags().plugin().deviceIDStrategy()).isEqualTo("index");
    }

    @Test
    void unsetFlagsStayNullSoTheyDifferFromFalse() {
        Flags flags = ConfigParser.parse("flags:\n  gdsEnabled: false\n").flags();
        assertThat(flags.gdsEnabled()).isFalse();
        assertThat(flags.mofedEnabled()).isNull();
        assertThat(flags.plugin()).isNull();
    }

    @Test
    void deviceListStrategyIsAStringOrAList() {
        assertThat(ConfigParser.parse("flags: {plugin: {deviceListStrategy: envvar}}").flags().plugin()
                .deviceListStrategy()).containsExactly("envvar");
        assertThat(ConfigParser.parse("flags: {plugin: {deviceListStrategy: [envvar, volume-mounts]}}").flags().plugin()
                .deviceListStrategy()).containsExactly("envvar", "volume-mounts");
        assertThat(ConfigParser.parse("{\"flags\": {\"plugin\": {\"deviceListStrategy\": [\"cdi-annotations\"]}}}")
                .flags().plugin().deviceListStrategy()).containsExactly("cdi-annotations");
    }

    @Test
    void deviceListStrategyOfAnotherTypeIsRejectedWithTheRawValue() {
        assertFails("flags: {plugin: {deviceListStrategy: 5}}", DECODE + "invalid deviceListStrategy: 5");
        assertFails("flags: {plugin: {deviceListStrategy: {a: b}}}", DECODE + "invalid deviceListStrategy: {\"a\":\"b\"}");
        assertFails("flags: {plugin: {deviceListStrategy: [1, 2]}}", DECODE + "invalid deviceListStrategy: [1,2]");
    }

    @Test
    void wrongScalarTypeNamesTheFieldAndValue() {
        assertThatThrownBy(() -> ConfigParser.parse("flags:\n  failOnInitError: \"maybe\"\n"))
                .hasMessageStartingWith(DECODE + "json: cannot unmarshal string \"maybe\"")
                .hasMessageContaining("flags.failOnInitError of type bool");
    }

    @Test
    void malformedYamlIsOneLineWithPosition() {
        assertThatThrownBy(() -> ConfigParser.parse("flags:\n  migStrategy: none\n   failOnInitError: true\n"))
                .hasMessage("unmarshal error: error converting YAML to JSON: mapping values are not allowed here"
                        + " (line 3, column 19)");
        assertThatThrownBy(() -> ConfigParser.parse("a: [1, 2\n"))
                .hasMessage("unmarshal error: error converting YAML to JSON: while parsing a flow sequence:"
                        + " expected ',' or ']', but got <stream end> (line 2, column 1)");
    }

    @Test
    void sleepIntervalIsNanosecondsAsANumberOrAGoDurationString() {
        assertThat(ConfigParser.parse("flags: {gfd: {sleepInterval: 5}}").flags().gfd().sleepInterval())
                .isEqualTo(Duration.ofNanos(5));
        assertThat(ConfigParser.parse("flags: {gfd: {sleepInterval: 1m30s}}").flags().gfd().sleepInterval())
                .isEqualTo(Duration.ofSeconds(90));
        assertFails("flags: {gfd: {sleepInterval: true}}", DECODE + "invalid duration");
        assertFails("flags: {gfd: {sleepInterval: soon}}", DECODE + "time: invalid duration \"soon\"");
    }

    // --- resources (spec 2.5) ---

    @Test
    void resourcesAreParsedAndNormalised() {
        Resources resources = ConfigParser.parse("resources:\n  gpus:\n  - pattern: \"*\"\n    name: gpu\n").resources();
        assertThat(resources.gpus()).containsExactly(new Resource("*", ResourceName.GPU));
    }

    @Test
    void resourceNeedsPatternAndName() {
        assertFails("resources:\n  gpus:\n  - name: gpu\n", DECODE + "resources must have a 'pattern' field set");
        assertFails("resources:\n  mig:\n  - pattern: \"1g.5gb\"\n", DECODE + "resources must have a 'name' field set");
    }

    @Test
    void resourceNameMustBe63CharactersOrLess() {
        String longName = "a".repeat(60);
        assertFails("resources:\n  gpus:\n  - pattern: \"*\"\n    name: " + longName + "\n",
                DECODE + "fully-qualified resource name must be 63 characters or less: nvidia.com/" + longName);
    }

    @Test
    void resourceNameWithASlashFailsAfterPrefixing() {
        assertThatThrownBy(() -> ConfigParser.parse("resources:\n  gpus:\n  - pattern: \"*\"\n    name: example.com/gpu\n"))
                .hasMessageStartingWith(DECODE + "incorrect format for resource name 'nvidia.com/example.com/gpu': ");
    }

    // --- sharing.timeSlicing (spec 2.6) ---

    @Test
    void timeSlicingIsParsedWithDefaults() {
        TimeSlicing ts = ConfigParser.parse(timeSlicing("name: gpu\n      replicas: 4")).sharing().timeSlicing();
        assertThat(ts).isEqualTo(new TimeSlicing(false, false,
                List.of(new ReplicatedResource(ResourceName.GPU, null, ReplicatedDevices.ALL, 4))));
    }

    @Test
    void renameByDefaultRenamesToShared() {
        TimeSlicing ts = ConfigParser.parse("""
                sharing:
                  timeSlicing:
                    renameByDefault: true
                    failRequestsGreaterThanOne: true
                    resources:
                    - name: nvidia.com/gpu
                      replicas: 2
                """).sharing().timeSlicing();
        assertThat(ts.renameByDefault()).isTrue();
        assertThat(ts.failRequestsGreaterThanOne()).isTrue();
        assertThat(ts.resources().getFirst().rename()).isEqualTo(ResourceName.of("nvidia.com/gpu.shared"));
    }

    @Test
    void absentSharingOrTimeSlicingMeansNoSharing() {
        assertThat(ConfigParser.parse("version: v1\n").sharing()).isEqualTo(Sharing.NONE);
        assertThat(ConfigParser.parse("sharing: {}\n").sharing()).isEqualTo(Sharing.NONE);
    }

    @Test
    void timeSlicingWithoutResourcesIsRejected() {
        assertFails("sharing:\n  timeSlicing:\n    renameByDefault: true\n", DECODE + "no resources specified");
        assertFails("sharing:\n  timeSlicing:\n    resources: []\n", DECODE + "no resources specified");
        assertFails("{\"sharing\": {\"timeSlicing\": {}}}", DECODE + "no resources specified");
    }

    @Test
    void replicatedResourceNeedsNameAndReplicas() {
        assertFails(timeSlicing("replicas: 2"), DECODE + "no resource name specified");
        assertFails(timeSlicing("name: gpu"), DECODE + "no replicas specified");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 0, -3})
    void replicasBelowTwoAreRejected(int replicas) {
        assertFails(timeSlicing("name: gpu\n      replicas: " + replicas), DECODE + "number of replicas must be >= 2");
    }

    @Test
    void invalidNameOrRenameGivesTheResourceNameError() {
        assertThatThrownBy(() -> ConfigParser.parse(timeSlicing("name: \"$invalid$\"\n      replicas: 2")))
                .hasMessageStartingWith(DECODE + "incorrect format for resource name 'nvidia.com/$invalid$': ");
        assertThatThrownBy(() -> ConfigParser.parse(timeSlicing("name: gpu\n      replicas: 2\n      rename: \"$x$\"")))
                .hasMessageStartingWith(DECODE + "incorrect format for resource name 'nvidia.com/$x$': ");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"not-all\"                                        | devices set as 'not-all' but the only valid string input is 'all'",
        "-2                                                 | devices set as '-2' but a count of devices must be > 0",
        "0                                                  | devices set as '0' but a count of devices must be > 0",
        "2.0                                                | unrecognized type for devices spec: 2.0",
        "{\"a\": 1}                                         | unrecognized type for devices spec: {\"a\":1}",
        "[-1]                                               | 'unsupported type for device in devices list: , string'",
        "[\"-1\"]                                           | 'unsupported type for device in devices list: -1, string'",
        "[\"invalid-UUID\"]                                 | 'unsupported type for device in devices list: invalid-UUID, string'",
        "[\"GPU-UUID\"]                                     | 'unsupported type for device in devices list: GPU-UUID, string'",
        "[\"MIG-UUID\"]                                     | 'unsupported type for device in devices list: MIG-UUID, string'",
        "[\"MIG-GPU-4cf8db2d-06c0-7d70-1a51-e59b25b2c16c\"] | 'unsupported type for device in devices list: MIG-GPU-4cf8db2d-06c0-7d70-1a51-e59b25b2c16c, string'",
    })
    void invalidDevicesAreRejectedWithUpstreamsText(String devicesJson, String message) {
        String json = "{\"sharing\": {\"timeSlicing\": {\"resources\": [{\"name\": \"gpu\", \"replicas\": 2, \"devices\": "
                + devicesJson + "}]}}}";
        assertFails(json, DECODE + message);
    }

    @Test
    void devicesAcceptAllCountsAndDeviceReferences() {
        String refs = "[0, \"1\", \"0:0\", \"GPU-4cf8db2d-06c0-7d70-1a51-e59b25b2c16c\","
                + " \"MIG-4cf8db2d-06c0-7d70-1a51-e59b25b2c16c\", \"MIG-GPU-4cf8db2d-06c0-7d70-1a51-e59b25b2c16c/1/0\"]";
        assertThat(devices("\"all\"")).isEqualTo(ReplicatedDevices.ALL);
        assertThat(devices("3")).isEqualTo(new ReplicatedDevices.Count(3));
        assertThat(devices(refs)).isEqualTo(new ReplicatedDevices.DeviceList(List.of("0", "1", "0:0",
                "GPU-4cf8db2d-06c0-7d70-1a51-e59b25b2c16c", "MIG-4cf8db2d-06c0-7d70-1a51-e59b25b2c16c",
                "MIG-GPU-4cf8db2d-06c0-7d70-1a51-e59b25b2c16c/1/0")));
    }

    private static ReplicatedDevices devices(String json) {
        return ConfigParser.parse("{\"sharing\": {\"timeSlicing\": {\"resources\": [{\"name\": \"gpu\", \"replicas\": 2,"
                + " \"devices\": " + json + "}]}}}").sharing().timeSlicing().resources().getFirst().devices();
    }
}
