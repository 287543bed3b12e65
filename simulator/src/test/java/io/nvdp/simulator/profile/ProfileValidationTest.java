package io.nvdp.simulator.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nvdp.domain.model.Gpu;
import io.nvdp.domain.port.DiscoveryException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ProfileValidationTest {
    private static final String T4 = "product: Tesla T4, memoryMiB: 15360, computeCapability: \"7.5\"";
    private static final String A100 = "product: NVIDIA A100-SXM4-40GB, memoryMiB: 40960, computeCapability: \"8.0\", "
            + "supportedMigProfiles: [1g.5gb, 2g.10gb, 3g.20gb, 7g.40gb, 1c.3g.20gb]";

    static Stream<Arguments> rejectedProfiles() {
        return Stream.of(
                Arguments.of("an empty uuid",
                        "gpus:\n  - {" + T4 + "}\n  - {" + T4 + "}\n  - {uuid: \"\", " + T4 + "}\n",
                        "gpus[2].uuid '' must not be empty"),
                Arguments.of("a malformed uuid",
                        "gpus:\n  - {uuid: GPU-1234, " + T4 + "}\n",
                        "gpus[0].uuid 'GPU-1234' is not a GPU UUID (expected GPU-xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)"),
                Arguments.of("a uuid key without value",
                        "gpus:\n  - {uuid: , " + T4 + "}\n",
                        "gpus[0].uuid has no value"),
                Arguments.of("a duplicate uuid",
                        "gpus:\n  - {uuid: GPU-00000000-0000-0000-0000-000000000001, " + T4 + "}\n"
                                + "  - {uuid: GPU-00000000-0000-0000-0000-000000000001, " + T4 + "}\n",
                        "gpus[1].uuid GPU-00000000-0000-0000-0000-000000000001 is a duplicate of gpus[0].uuid"),
                Arguments.of("a duplicate index",
                        "gpus:\n  - {index: 0, " + T4 + "}\n  - {index: 1, " + T4 + "}\n  - {index: 2, " + T4 + "}\n"
                                + "  - {index: 1, " + T4 + "}\n",
                        "gpus[3].index 1 is a duplicate of gpus[1].index"),
                Arguments.of("an index out of range",
                        "gpus:\n  - {index: 4, " + T4 + "}\n",
                        "gpus[0].index 4 is out of range: the profile has 1 GPUs, so indices are 0..0"),
                Arguments.of("a duplicate minor",
                        "gpus:\n  - {minor: 1, " + T4 + "}\n  - {" + T4 + "}\n",
                        "gpus[1].minor 1 is a duplicate of gpus[0].minor"),
                Arguments.of("a missing product",
                        "gpus:\n  - {memoryMiB: 15360, computeCapability: \"7.5\"}\n",
                        "gpus[0].product is missing"),
                Arguments.of("a memory that is not a number",
                        "gpus:\n  - {product: Tesla T4, memoryMiB: lots, computeCapability: \"7.5\"}\n",
                        "gpus[0].memoryMiB must be an integer, got 'lots'"),
                Arguments.of("a bad compute capability",
                        "gpus:\n  - {product: Tesla T4, memoryMiB: 15360, computeCapability: seven}\n",
                        "gpus[0].computeCapability 'seven' is not a compute capability (expected like 8.0)"),
                Arguments.of("a bad PCI bus id",
                        "gpus:\n  - {pciBusId: \"3B:00.0\", " + T4 + "}\n",
                        "gpus[0].pciBusId '3B:00.0' is not a PCI bus id (expected like 00000000:3B:00.0)"),
                Arguments.of("a duplicate PCI bus id",
                        "gpus:\n  - {pciBusId: \"00000000:3b:00.0\", " + T4 + "}\n"
                                + "  - {pciBusId: \"00000000:3B:00.0\", " + T4 + "}\n",
                        "gpus[1].pciBusId 00000000:3B:00.0 is a duplicate of gpus[0].pciBusId"),
                Arguments.of("an unknown GPU key",
                        "gpus:\n  - {colour: green, " + T4 + "}\n",
                        "gpus[0].colour is not a known key (expected one of: index, uuid, minor, product, memoryMiB, "
                                + "pciBusId, numaNode, computeCapability, migEnabled, supportedMigProfiles, migDevices)"),
                Arguments.of("an unknown top-level key",
                        "gpu: []\n",
                        "gpu is not a known key (expected one of: name, description, initError, gpuDefaults, gpus, "
                                + "nvswitch, pcieGroups, pcieDefault, links, faults, platform, driverVersion, "
                                + "cudaDriverVersion)"),
                Arguments.of("a per-GPU key among the defaults",
                        "gpuDefaults: {uuid: GPU-00000000-0000-0000-0000-000000000001}\ngpus: []\n",
                        "gpuDefaults.uuid is not a known key (expected one of: product, memoryMiB, numaNode, "
                                + "computeCapability, migEnabled, supportedMigProfiles, migDevices)"),
                Arguments.of("a bad value inherited from the defaults",
                        "gpuDefaults: {" + T4.replace("15360", "-1") + "}\ngpus:\n  - {}\n",
                        "gpuDefaults.memoryMiB -1 must be positive"),
                Arguments.of("malformed YAML",
                        "gpus:\n  - {index: 0\n",
                        "malformed YAML at line 3, column 1: while parsing a flow mapping; "
                                + "expected ',' or '}', but got <stream end>"),
                Arguments.of("an unquoted PCI bus id",
                        "gpus:\n  - {pciBusId: 00000000:07:00.0, " + T4 + "}\n",
                        "malformed YAML at line 2, column 32: Malformed numeric value '00000000:07:00.0' (quote it)"),
                Arguments.of("a duplicate key",
                        "gpus: []\ngpus: []\n",
                        "malformed YAML at line 2, column 5: Duplicate field 'gpus'"),
                Arguments.of("a top level that is a list",
                        "- a\n- b\n",
                        "the top level must be a mapping, got a list"),
                Arguments.of("an empty file", "", "is empty"),
                Arguments.of("gpus that are not a list",
                        "gpus: 8\n",
                        "gpus must be a list, got 8"),
                Arguments.of("a bad MIG profile",
                        "gpus:\n  - {" + A100.replace("2g.10gb", "2x.10gb") + "}\n",
                        "gpus[0].supportedMigProfiles[1] '2x.10gb' is not a MIG profile "
                                + "(expected like 1g.5gb, 1c.2g.10gb or 1g.5gb+me)"),
                Arguments.of("a MIG device with an unsupported profile",
                        "gpus:\n  - {" + A100 + ", migEnabled: true, migDevices: [{profile: 4g.20gb, gi: 1}]}\n",
                        "gpus[0].migDevices[0].profile '4g.20gb' is not in gpus[0].supportedMigProfiles"),
                Arguments.of("MIG devices on a GPU without MIG",
                        "gpus:\n  - {" + A100 + ", migDevices: [{profile: 1g.5gb, gi: 7}]}\n",
                        "gpus[0].migDevices lists MIG devices but gpus[0].migEnabled is not true"),
                Arguments.of("MIG enabled without supported profiles",
                        "gpus:\n  - {" + T4 + ", migEnabled: true}\n",
                        "gpus[0].migEnabled is true but gpus[0].supportedMigProfiles is empty"),
                Arguments.of("a GPU instance id out of range",
                        "gpus:\n  - {" + A100 + ", migEnabled: true, migDevices: [{profile: 1g.5gb, gi: 15}]}\n",
                        "gpus[0].migDevices[0].gi 15 is out of range 0..14"),
                Arguments.of("a duplicate MIG instance",
                        "gpus:\n  - {" + A100 + ", migEnabled: true, migDevices: [{profile: 1g.5gb, gi: 7}, "
                                + "{profile: 1g.5gb, gi: 7, ci: 0}]}\n",
                        "gpus[0].migDevices[1] (gi 7, ci 0) is a duplicate of gpus[0].migDevices[0]"),
                Arguments.of("two shapes in one GPU instance",
                        "gpus:\n  - {" + A100 + ", migEnabled: true, migDevices: [{profile: 3g.20gb, gi: 1}, "
                                + "{profile: 2g.10gb, gi: 1, ci: 1}]}\n",
                        "gpus[0].migDevices[1].profile '2g.10gb' does not fit GPU instance 1, which an earlier device "
                                + "makes a 3g.20gb instance"),
                Arguments.of("an overfilled GPU instance",
                        "gpus:\n  - {" + A100 + ", migEnabled: true, migDevices: [{profile: 3g.20gb, gi: 1}, "
                                + "{profile: 1c.3g.20gb, gi: 1, ci: 1}]}\n",
                        "gpus[0].migDevices[1] overfills GPU instance 1: its compute instances need 4 compute slices "
                                + "but a 3g.20gb instance has 3"),
                Arguments.of("too many GPU slices",
                        "gpus:\n  - {" + A100 + ", migEnabled: true, migDevices: [{profile: 3g.20gb, gi: 1}, "
                                + "{profile: 3g.20gb, gi: 2}, {profile: 2g.10gb, gi: 3}]}\n",
                        "gpus[0].migDevices needs 8 GPU slices for its GPU instances but the GPU has 7"),
                Arguments.of("a malformed MIG uuid",
                        "gpus:\n  - {" + A100 + ", migEnabled: true, migDevices: [{profile: 1g.5gb, gi: 7, uuid: GPU-x}]}\n",
                        "gpus[0].migDevices[0].uuid 'GPU-x' is not a MIG UUID "
                                + "(expected MIG-xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx or MIG-GPU-<uuid>/<gi>/<ci>)"),
                Arguments.of("an unknown link target",
                        "gpus:\n  - {" + T4 + "}\n  - {" + T4 + "}\nlinks:\n  - {from: 0, to: 9, nvlinks: 2}\n",
                        "links[0].to: unknown GPU index 9"),
                Arguments.of("a link from a GPU to itself",
                        "gpus:\n  - {" + T4 + "}\nlinks:\n  - {from: 0, to: 0, nvlinks: 2}\n",
                        "links[0].to 0 is the same GPU as links[0].from"),
                Arguments.of("a pair linked twice",
                        "gpus:\n  - {" + T4 + "}\n  - {" + T4 + "}\nlinks:\n  - {from: 0, to: 1, nvlinks: 2}\n"
                                + "  - {from: 1, to: 0, pcie: same-cpu}\n",
                        "links[1] joins GPUs 1 and 0 again (links[0] already does)"),
                Arguments.of("an empty link",
                        "gpus:\n  - {" + T4 + "}\n  - {" + T4 + "}\nlinks:\n  - {from: 0, to: 1}\n",
                        "links[0] gives neither nvlinks nor pcie"),
                Arguments.of("too many NVLinks",
                        "gpus:\n  - {" + T4 + "}\n  - {" + T4 + "}\nnvswitch: {switches: 6, linksPerGpu: 19}\n",
                        "nvswitch.linksPerGpu 19 is out of range 0..18"),
                Arguments.of("NVSwitch fabric without links",
                        "gpus:\n  - {" + T4 + "}\nnvswitch: {switches: 6, linksPerGpu: 0}\n",
                        "nvswitch.linksPerGpu 0 is out of range 1..18"),
                Arguments.of("NVSwitch fabric without switches",
                        "gpus:\n  - {" + T4 + "}\nnvswitch: {switches: 0, linksPerGpu: 4}\n",
                        "nvswitch.switches 0 is out of range 1..64"),
                Arguments.of("the old per-pair NVSwitch lanes",
                        "gpus:\n  - {" + T4 + "}\nnvswitch: {nvlinks: 12}\n",
                        "nvswitch.nvlinks is not a known key (expected one of: switches, linksPerGpu, gpus)"),
                Arguments.of("more NVLinks on a GPU than NVML reports",
                        "gpus:\n  - {" + T4 + "}\n  - {" + T4 + "}\nnvswitch: {switches: 6, linksPerGpu: 12}\n"
                                + "links:\n  - {from: 0, to: 1, nvlinks: 7}\n",
                        "GPU 0 has 19 NVLinks (12 to nvswitch, 7 in links), more than the 18 NVML reports per GPU"),
                Arguments.of("an unknown PCIe level",
                        "gpus:\n  - {" + T4 + "}\n  - {" + T4 + "}\npcieDefault: pix\n",
                        "pcieDefault 'pix' is not a PCIe level (expected one of: same-board, single-switch, "
                                + "multi-switch, host-bridge, same-cpu, cross-cpu)"),
                Arguments.of("an unknown GPU in a PCIe group",
                        "gpus:\n  - {" + T4 + "}\npcieGroups:\n  - {level: same-cpu, gpus: [0, 3]}\n",
                        "pcieGroups[0].gpus[1]: unknown GPU index 3"),
                Arguments.of("a fault of two kinds",
                        "gpus:\n  - {" + T4 + "}\nfaults:\n  - {after: 1s, gpu: 0, xid: 79, lost: true}\n",
                        "faults[0] must have exactly one of xid, lost, back, waitError, has xid, lost"),
                Arguments.of("a fault with a bad duration",
                        "gpus:\n  - {" + T4 + "}\nfaults:\n  - {after: soon, gpu: 0, xid: 79}\n",
                        "faults[0].after 'soon' is not a duration (expected like 500ms, 5s, 2m or 1h)"),
                Arguments.of("a fault on an unknown GPU",
                        "gpus:\n  - {" + T4 + "}\nfaults:\n  - {after: 1s, gpu: 5, lost: true}\n",
                        "faults[0].gpu: unknown GPU index 5"),
                Arguments.of("a fault with gi but no ci",
                        "gpus:\n  - {" + T4 + "}\nfaults:\n  - {after: 1s, gpu: 0, xid: 79, gi: 1}\n",
                        "faults[0].ci is missing (gi and ci go together)"),
                Arguments.of("lost: false",
                        "gpus:\n  - {" + T4 + "}\nfaults:\n  - {after: 1s, gpu: 0, lost: false}\n",
                        "faults[0].lost must be true when given, got false"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejectedProfiles")
    void aBrokenProfileIsRejectedWithOneLineNamingFieldAndValue(String what, String yaml, String expected) {
        assertThatThrownBy(() -> NodeProfiles.parse(yaml, "broken.yaml", "broken"))
                .isInstanceOf(DiscoveryException.class)
                .satisfies(e -> {
                    assertThat(((DiscoveryException) e).kind()).isEqualTo(DiscoveryException.Kind.INVALID);
                    assertThat(e.getMessage()).startsWith("node profile broken.yaml: " + expected).doesNotContain("\n");
                });
    }

    @Test
    void uuidsAreDerivedTheSameWayEachTimeAndDifferAcrossGpus() {
        String yaml = "gpus:\n  - {" + T4 + "}\n  - {" + T4 + "}\n";
        NodeProfile once = NodeProfiles.parse(yaml, "x.yaml", "x");
        NodeProfile twice = NodeProfiles.parse(yaml, "x.yaml", "x");

        assertThat(once.gpus()).extracting(Gpu::uuid).containsExactlyElementsOf(
                twice.gpus().stream().map(Gpu::uuid).toList());
        assertThat(once.gpu(0).uuid()).isNotEqualTo(once.gpu(1).uuid())
                .matches("GPU-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(NodeProfiles.parse(yaml, "y.yaml", "y").gpu(0).uuid()).isNotEqualTo(once.gpu(0).uuid());
    }

    @Test
    void explicitValuesAreKeptAndMissingOnesDerived() {
        NodeProfile profile = NodeProfiles.parse("""
                name: explicit
                gpus:
                  - {index: 1, uuid: GPU-5c89852c-d268-c3f3-1b07-005d5ae1dc3f, minor: 4, pciBusId: "00000000:3b:00.0",
                     numaNode: 1, product: NVIDIA A100-SXM4-40GB, memoryMiB: 40960, computeCapability: 8.0,
                     migEnabled: true, supportedMigProfiles: [1g.5gb],
                     migDevices: [{profile: 1g.5gb, gi: 9, slot: 3, memoryMiB: 4864,
                                   uuid: MIG-GPU-5c89852c-d268-c3f3-1b07-005d5ae1dc3f/9/0}]}
                  - {product: Tesla T4, memoryMiB: 15360, computeCapability: "7.5"}
                """, "e.yaml", "e");

        Gpu explicit = profile.gpu(1);
        assertThat(profile.name()).isEqualTo("explicit");
        assertThat(explicit.uuid()).isEqualTo("GPU-5c89852c-d268-c3f3-1b07-005d5ae1dc3f");
        assertThat(explicit.minorNumber()).isEqualTo(4);
        assertThat(explicit.pciBusId()).isEqualTo("00000000:3B:00.0");
        assertThat(explicit.numaNode()).hasValue(1);
        assertThat(explicit.migDevices().getFirst().uuid()).isEqualTo("MIG-GPU-5c89852c-d268-c3f3-1b07-005d5ae1dc3f/9/0");
        assertThat(explicit.migDevices().getFirst().slot()).isEqualTo(3);
        assertThat(explicit.migDevices().getFirst().memoryMiB()).isEqualTo(4864);
        assertThat(explicit.migDevices().getFirst().capabilityDevicePaths()).containsExactly(
                "/dev/nvidia-caps/nvidia-cap" + MigMinors.gpuInstanceAccess(4, 9),
                "/dev/nvidia-caps/nvidia-cap" + MigMinors.computeInstanceAccess(4, 9, 0));
        Gpu derived = profile.gpu(0);
        assertThat(derived.uuid()).isEqualTo(DeterministicUuids.gpuUuid("explicit", 0));
        assertThat(derived.minorNumber()).isZero();
        assertThat(derived.pciBusId()).isEqualTo("00000000:01:00.0");
        assertThat(derived.numaNode()).isEmpty();
    }

    @Test
    void directLinksAddToTheFabricExplicitPcieOverridesGroupsAndGroupsOverrideTheDefault() {
        NodeProfile profile = NodeProfiles.parse("""
                gpuDefaults: {product: Tesla T4, memoryMiB: 15360, computeCapability: "7.5"}
                gpus: [{}, {}, {}, {}]
                nvswitch: {switches: 2, linksPerGpu: 6, gpus: [0, 1, 2]}
                pcieGroups:
                  - {level: single-switch, gpus: [0, 1]}
                pcieDefault: cross-cpu
                links:
                  - {from: 2, to: 0, nvlinks: 2, pcie: same-board}
                  - {from: 3, to: 0, nvlinks: 1}
                """, "l.yaml", "l");

        assertThat(profile.nvswitch()).contains(new NvSwitchFabric(2, 6, java.util.Set.of(0, 1, 2)));
        assertThat(profile.link(0, 1).orElseThrow())
                .isEqualTo(new ProfileLink(0, 1, java.util.Optional.of(io.nvdp.domain.model.PcieLevel.SINGLE_SWITCH), 6));
        assertThat(profile.link(0, 2).orElseThrow())
                .isEqualTo(new ProfileLink(0, 2, java.util.Optional.of(io.nvdp.domain.model.PcieLevel.SAME_BOARD), 8));
        assertThat(profile.link(1, 2).orElseThrow())
                .isEqualTo(new ProfileLink(1, 2, java.util.Optional.of(io.nvdp.domain.model.PcieLevel.CROSS_CPU), 6));
        assertThat(profile.link(0, 3).orElseThrow())
                .isEqualTo(new ProfileLink(0, 3, java.util.Optional.of(io.nvdp.domain.model.PcieLevel.CROSS_CPU), 1));
    }

    @Test
    void faultsAreReadAndOrderedByTime() {
        NodeProfile profile = NodeProfiles.parse("""
                gpuDefaults: {product: Tesla T4, memoryMiB: 15360, computeCapability: "7.5"}
                gpus: [{}, {}, {}, {}, {}, {}]
                faults:
                  - {after: 20s, gpu: 5, back: true}
                  - {after: 5s, gpu: 3, xid: 79}
                  - {after: 8s, gpu: 5, lost: true}
                  - {after: 500ms, gpu: 1, xid: 48, gi: 2, ci: 0}
                  - {after: 1m, waitError: true, reason: flaky}
                """, "f.yaml", "f");

        assertThat(profile.faults()).containsExactly(
                new ScheduledFault.Xid(java.time.Duration.ofMillis(500), 1, 48,
                        java.util.OptionalInt.of(2), java.util.OptionalInt.of(0)),
                new ScheduledFault.Xid(java.time.Duration.ofSeconds(5), 3, 79,
                        java.util.OptionalInt.empty(), java.util.OptionalInt.empty()),
                new ScheduledFault.Lost(java.time.Duration.ofSeconds(8), 5),
                new ScheduledFault.Back(java.time.Duration.ofSeconds(20), 5),
                new ScheduledFault.WaitError(java.time.Duration.ofMinutes(1), "flaky"));
    }

    @Test
    void aProfileFileLoadsByPathAndIsNamedAfterIt(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("my-node.yaml");
        Files.writeString(file, "gpus:\n  - {" + T4 + "}\n");

        NodeProfile profile = NodeProfiles.load(file.toString());

        assertThat(profile.name()).isEqualTo("my-node");
        assertThat(profile.source()).isEqualTo(file.toString());
        assertThat(profile.gpus()).hasSize(1);
    }

    @Test
    void errorsInAFileNameTheFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("dgx-x.yaml");
        Files.writeString(file, "gpus:\n  - {index: 0}\n");

        assertThatThrownBy(() -> NodeProfiles.load(file.toString()))
                .isInstanceOf(DiscoveryException.class)
                .hasMessage("node profile " + file + ": gpus[0].product is missing");
    }
}
