package io.nvdp.simulator.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nvdp.domain.model.ComputeCapability;
import io.nvdp.domain.model.Gpu;
import io.nvdp.domain.model.MigDevice;
import io.nvdp.domain.model.MigProfile;
import io.nvdp.domain.model.PcieLevel;
import io.nvdp.domain.port.DiscoveryException;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

class BuiltInProfilesTest {
    static final List<String> BUILT_IN = NodeProfiles.BUILT_IN;

    @ParameterizedTest
    @FieldSource("BUILT_IN")
    void everyBuiltInProfileLoadsByNameWithDistinctUuids(String name) {
        NodeProfile profile = NodeProfiles.load(name);

        assertThat(profile.name()).isEqualTo(name);
        assertThat(profile.source()).isEqualTo(name);
        assertThat(profile.gpus()).extracting(Gpu::index)
                .containsExactlyElementsOf(IntStream.range(0, profile.gpus().size()).boxed().toList());
        List<String> uuids = profile.gpus().stream()
                .flatMap(g -> java.util.stream.Stream.concat(java.util.stream.Stream.of(g.uuid()),
                        g.migDevices().stream().map(MigDevice::uuid)))
                .toList();
        assertThat(uuids).doesNotHaveDuplicates();
    }

    @Test
    void dgxA100HasEightA100sJoinedByTwelveNvlinksEverywhereOnTwoNumaNodes() {
        NodeProfile profile = NodeProfiles.load("dgx-a100");

        assertThat(profile.gpus()).hasSize(8).allSatisfy(gpu -> {
            assertThat(gpu.productName()).isEqualTo("NVIDIA A100-SXM4-40GB");
            assertThat(gpu.memoryMiB()).isEqualTo(40960);
            assertThat(gpu.computeCapability()).isEqualTo(new ComputeCapability(8, 0));
            assertThat(gpu.migEnabled()).isFalse();
            assertThat(gpu.supportedMigProfiles()).extracting(MigProfile::name)
                    .contains("1g.5gb", "1g.5gb+me", "1g.10gb", "2g.10gb", "3g.20gb", "4g.20gb", "7g.40gb", "1c.2g.10gb");
            assertThat(gpu.numaNode()).hasValue(gpu.index() < 4 ? 0 : 1);
            assertThat(gpu.minorNumber()).isEqualTo(gpu.index());
        });
        assertThat(profile.gpu(0).pciBusId()).isEqualTo("00000000:07:00.0");
        assertThat(profile.links()).hasSize(28).allSatisfy(link -> assertThat(link.nvlinkLanes()).isEqualTo(12));
        assertThat(profile.link(0, 1).orElseThrow().pcie()).hasValue(PcieLevel.MULTI_SWITCH);
        assertThat(profile.link(1, 3).orElseThrow().pcie()).hasValue(PcieLevel.SAME_CPU);
        assertThat(profile.link(3, 4).orElseThrow().pcie()).hasValue(PcieLevel.CROSS_CPU);
        assertThat(profile.initError()).isEmpty();
        assertThat(profile.faults()).isEmpty();
    }

    @Test
    void dgx1V100IsExactlyTheHybridCubeMeshOfGoGpuallocator() {
        NodeProfile profile = NodeProfiles.load("dgx1-v100");
        Map<String, Integer> nvlinks = Map.ofEntries(
                Map.entry("0-1", 1), Map.entry("0-2", 1), Map.entry("0-3", 2), Map.entry("0-4", 2),
                Map.entry("1-2", 2), Map.entry("1-3", 1), Map.entry("1-5", 2), Map.entry("2-3", 2),
                Map.entry("2-6", 1), Map.entry("3-7", 1), Map.entry("4-5", 1), Map.entry("4-6", 1),
                Map.entry("4-7", 2), Map.entry("5-6", 2), Map.entry("5-7", 1), Map.entry("6-7", 2));
        Set<String> singleSwitch = Set.of("0-1", "2-3", "4-5", "6-7");

        assertThat(profile.gpus()).hasSize(8).allSatisfy(gpu -> {
            assertThat(gpu.productName()).isEqualTo("Tesla V100-SXM2-16GB");
            assertThat(gpu.computeCapability()).isEqualTo(new ComputeCapability(7, 0));
        });
        assertThat(profile.links()).hasSize(28);
        for (int a = 0; a < 8; a++) {
            for (int b = a + 1; b < 8; b++) {
                String pair = a + "-" + b;
                PcieLevel expected = singleSwitch.contains(pair) ? PcieLevel.SINGLE_SWITCH
                        : (a < 4) == (b < 4) ? PcieLevel.HOST_BRIDGE : PcieLevel.CROSS_CPU;
                ProfileLink link = profile.link(b, a).orElseThrow();
                assertThat(link.nvlinkLanes()).as("nvlinks %s", pair).isEqualTo(nvlinks.getOrDefault(pair, 0));
                assertThat(link.pcie()).as("pcie %s", pair).hasValue(expected);
            }
        }
    }

    @Test
    void t4x4IsPcieOnlyOnTwoNumaNodes() {
        NodeProfile profile = NodeProfiles.load("t4x4");

        assertThat(profile.gpus()).hasSize(4).allSatisfy(gpu -> {
            assertThat(gpu.productName()).isEqualTo("Tesla T4");
            assertThat(gpu.memoryMiB()).isEqualTo(15360);
            assertThat(gpu.computeCapability()).isEqualTo(new ComputeCapability(7, 5));
            assertThat(gpu.supportedMigProfiles()).isEmpty();
        });
        assertThat(profile.gpus()).extracting(g -> g.numaNode().orElseThrow()).containsExactly(0, 0, 1, 1);
        assertThat(profile.links()).hasSize(6).allSatisfy(link -> assertThat(link.nvlinkLanes()).isZero());
        assertThat(profile.link(0, 1).orElseThrow().pcie()).hasValue(PcieLevel.SAME_CPU);
        assertThat(profile.link(1, 2).orElseThrow().pcie()).hasValue(PcieLevel.CROSS_CPU);
    }

    @Test
    void a100MigMixesInstanceSizesOnTwoGpusAndLeavesTwoWhole() {
        NodeProfile profile = NodeProfiles.load("a100-mig");

        assertThat(profile.gpus()).extracting(Gpu::migEnabled).containsExactly(true, true, false, false);
        assertThat(profile.gpu(0).migDevices()).extracting(m -> m.profile().name())
                .containsExactly("3g.20gb", "2g.10gb", "1g.5gb", "1g.5gb");
        assertThat(profile.gpu(1).migDevices()).extracting(m -> m.profile().name())
                .containsExactly("2g.10gb", "2g.10gb", "1g.5gb", "1g.5gb", "1g.5gb");
        assertThat(profile.gpu(2).migDevices()).isEmpty();
        MigDevice first = profile.gpu(0).migDevices().getFirst();
        assertThat(first.slot()).isZero();
        assertThat(first.gpuInstanceId()).isEqualTo(1);
        assertThat(first.computeInstanceId()).isZero();
        assertThat(first.memoryMiB()).isEqualTo(20 * 1024);
        assertThat(first.uuid()).isEqualTo(DeterministicUuids.migUuid(profile.gpu(0).uuid(), 1, 0));
        // GPU minor 0, GI 1: GI access = 3 + 1*9 = 12, CI 0 access = 13.
        assertThat(first.capabilityDevicePaths())
                .containsExactly("/dev/nvidia-caps/nvidia-cap12", "/dev/nvidia-caps/nvidia-cap13");
        assertThat(profile.gpu(1).migDevices().get(2).capabilityDevicePaths())
                .containsExactly("/dev/nvidia-caps/nvidia-cap" + (3 + 135 + 11 * 9),
                        "/dev/nvidia-caps/nvidia-cap" + (3 + 135 + 11 * 9 + 1));
    }

    @Test
    void a100MigSingleHasOnlyIdentical1g5gbInstancesOnMigGpus() {
        NodeProfile profile = NodeProfiles.load("a100-mig-single");

        assertThat(profile.gpus()).isNotEmpty().allSatisfy(gpu -> {
            assertThat(gpu.migEnabled()).isTrue();
            assertThat(gpu.migDevices()).hasSize(7)
                    .allSatisfy(m -> assertThat(m.profile()).isEqualTo(MigProfile.parse("1g.5gb")));
        });
        assertThat(profile.gpu(0).migDevices().getFirst().uuid())
                .isNotEqualTo(profile.gpu(1).migDevices().getFirst().uuid());
    }

    @Test
    void dgxStationA100ListsTheDisplayAdapterAtIndexThreeAndLeavesItOutOfNvlink() {
        NodeProfile profile = NodeProfiles.load("dgx-station-a100");

        assertThat(profile.gpus()).hasSize(5);
        assertThat(profile.gpu(3).productName()).isEqualTo("DGX Display");
        assertThat(NodeProfile.isDisplayAdapter(profile.gpu(3))).isTrue();
        assertThat(profile.discoverableGpus()).extracting(Gpu::index).containsExactly(0, 1, 2, 4);
        assertThat(profile.link(0, 4).orElseThrow().nvlinkLanes()).isEqualTo(4);
        assertThat(profile.link(0, 3).orElseThrow().nvlinkLanes()).isZero();
    }

    @Test
    void nvswitch16JoinsSixteenGpusAllToAllWithEighteenLanes() {
        NodeProfile profile = NodeProfiles.load("nvswitch-16");

        assertThat(profile.gpus()).hasSize(16);
        assertThat(profile.links()).hasSize(16 * 15 / 2)
                .allSatisfy(link -> assertThat(link.nvlinkLanes()).isEqualTo(18));
    }

    @Test
    void theNvSwitchNodesDeclareTheirFabricAndTheOthersHaveNone() {
        assertThat(NodeProfiles.load("dgx-a100").nvswitch())
                .contains(new NvSwitchFabric(6, 12, Set.of(0, 1, 2, 3, 4, 5, 6, 7)));
        assertThat(NodeProfiles.load("a100-mig").nvswitch()).contains(new NvSwitchFabric(6, 12, Set.of(0, 1, 2, 3)));
        assertThat(NodeProfiles.load("nvswitch-16").nvswitch())
                .hasValueSatisfying(f -> assertThat(f.linksPerGpu()).isEqualTo(18));
        assertThat(NodeProfiles.load("dgx-station-a100").nvswitch()).isEmpty();
        assertThat(NodeProfiles.load("dgx1-v100").nvswitch()).isEmpty();
    }

    @Test
    void noGpuHasNothingAndDiscoveryFailureCarriesAnInitError() {
        assertThat(NodeProfiles.load("no-gpu").gpus()).isEmpty();
        assertThat(NodeProfiles.load("no-gpu").links()).isEmpty();
        assertThat(NodeProfiles.load("discovery-failure").initError()).hasValue("ERROR_DRIVER_NOT_LOADED");
    }

    @Test
    void loadingTheSameProfileTwiceGivesTheSameNode() {
        assertThat(NodeProfiles.load("a100-mig")).isEqualTo(NodeProfiles.load("a100-mig"));
    }

    @Test
    void builtInUuidsAreDerivedFromProfileNameAndIndex() {
        NodeProfile profile = NodeProfiles.load("t4x4");

        assertThat(profile.gpus()).extracting(Gpu::uuid).containsExactly(
                DeterministicUuids.gpuUuid("t4x4", 0), DeterministicUuids.gpuUuid("t4x4", 1),
                DeterministicUuids.gpuUuid("t4x4", 2), DeterministicUuids.gpuUuid("t4x4", 3));
        assertThat(profile.gpuByUuid(profile.gpu(2).uuid())).map(Gpu::index).hasValue(2);
    }

    @Test
    void anUnknownNameThatIsNoFileIsRejectedListingTheBuiltIns() {
        assertThatThrownBy(() -> NodeProfiles.load("dgx-z900"))
                .isInstanceOf(DiscoveryException.class)
                .hasMessageStartingWith("node profile dgx-z900: is neither a built-in profile (dgx-a100, dgx1-v100,")
                .hasMessageEndingWith(") nor a readable file")
                .satisfies(e -> assertThat(((DiscoveryException) e).kind()).isEqualTo(DiscoveryException.Kind.INVALID));
    }

    @Test
    void migEnabledGpusWithoutDevicesAreAllowedSoTheMisconfigurationCanBeTested() {
        NodeProfile profile = NodeProfiles.parse("""
                gpus:
                  - {product: NVIDIA A100-SXM4-40GB, memoryMiB: 40960, computeCapability: "8.0",
                     migEnabled: true, supportedMigProfiles: [1g.5gb]}
                """, "t.yaml", "t");

        assertThat(profile.gpu(0).migEnabled()).isTrue();
        assertThat(profile.gpu(0).migDevices()).isEmpty();
        assertThat(profile.gpu(0).numaNode()).isEqualTo(OptionalInt.empty());
    }
}
