package io.nvdp.acceptance.nvml;

import static org.assertj.core.api.Assertions.assertThat;

import io.nvdp.adapters.nvml.NvmlGpuInventory;
import io.nvdp.adapters.nvml.NvmlLibrary;
import io.nvdp.domain.DomainException;
import io.nvdp.domain.config.MigStrategy;
import io.nvdp.domain.config.PluginConfig;
import io.nvdp.domain.model.Gpu;
import io.nvdp.domain.model.GpuLink;
import io.nvdp.domain.model.MigDevice;
import io.nvdp.domain.model.MigProfile;
import io.nvdp.domain.model.Node;
import io.nvdp.domain.plan.ResourcePlan;
import io.nvdp.simulator.fakenvml.FakeNvmlNode;
import io.nvdp.simulator.inventory.SimulatedGpuInventory;
import io.nvdp.simulator.profile.NodeProfiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The two simulation tiers must show the daemon the same node: every built-in profile, discovered
 * by the pure-Java simulator and by the real NVML adapter over the fake libnvidia-ml.so fed from
 * that profile, gives the same GPUs, MIG devices, topology and advertised resources.
 */
class NvmlParityTest {
    /**
     * The fake library can only answer; it cannot fail init the way the first profile's discovery
     * does, and a Tegra system has no NVML at all.
     */
    private static final List<String> UNEXPRESSIBLE = List.of("discovery-failure", "jetson-orin");

    private static NvmlLibrary library;

    @TempDir
    Path dir;

    @BeforeAll
    static void loadFakeLibrary() {
        library = NvmlLibrary.at(InProcessFakeNvml.library());
    }

    static Stream<String> profiles() {
        return NodeProfiles.BUILT_IN.stream().filter(name -> !UNEXPRESSIBLE.contains(name));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("profiles")
    void nvmlDiscoversTheSameGpusAsTheSimulator(String profile) throws IOException {
        Node simulated = simulated(profile);
        Node nvml = throughFakeNvml(profile);

        assertThat(nvml.gpus()).extracting(Gpu::index)
                .as("GPU indices").containsExactlyElementsOf(simulated.gpus().stream().map(Gpu::index).toList());
        for (int i = 0; i < simulated.gpus().size(); i++) {
            Gpu expected = simulated.gpus().get(i);
            Gpu actual = nvml.gpus().get(i);
            String gpu = profile + " GPU " + expected.index();
            assertThat(actual.uuid()).as(gpu + " uuid").isEqualTo(expected.uuid());
            assertThat(actual.productName()).as(gpu + " name").isEqualTo(expected.productName());
            assertThat(actual.minorNumber()).as(gpu + " minor").isEqualTo(expected.minorNumber());
            assertThat(actual.memoryMiB()).as(gpu + " memory").isEqualTo(expected.memoryMiB());
            assertThat(actual.pciBusId()).as(gpu + " bus id").isEqualTo(expected.pciBusId());
            assertThat(actual.numaNode()).as(gpu + " NUMA node").isEqualTo(expected.numaNode());
            assertThat(actual.computeCapability()).as(gpu + " compute capability").isEqualTo(expected.computeCapability());
            assertThat(actual.migEnabled()).as(gpu + " MIG mode").isEqualTo(expected.migEnabled());
            assertThat(actual.migDevices()).as(gpu + " MIG devices").hasSameSizeAs(expected.migDevices());
            for (int j = 0; j < expected.migDevices().size(); j++) {
                assertSameMigDevice(gpu, expected.migDevices().get(j), actual.migDevices().get(j));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("profiles")
    void nvmlOffersTheSameMigProfiles(String profile) throws IOException {
        Node simulated = simulated(profile);
        Node nvml = throughFakeNvml(profile);

        for (int i = 0; i < simulated.gpus().size(); i++) {
            Gpu expected = simulated.gpus().get(i);
            Gpu actual = nvml.gpus().get(i);
            // Only C == G profiles reach the fake as GPU instance profiles (see FakeNvmlNode): exact.
            assertThat(fullGpuInstance(actual.supportedMigProfiles()))
                    .as(profile + " GPU " + expected.index() + " full-GPU-instance MIG profiles")
                    .containsExactlyInAnyOrderElementsOf(fullGpuInstance(expected.supportedMigProfiles()));
            // The splits the fake's NVML shows are go-nvlib's heuristic expansion; the simulator's
            // list must be that expansion too (KNOWN GAP, reported: the A100 profiles list 3c.4g,
            // which go-nvlib never offers), so the lists agree on what the heuristic keeps.
            assertThat(actual.supportedMigProfiles())
                    .as(profile + " GPU " + expected.index() + " MIG profiles go-nvlib offers")
                    .containsExactlyInAnyOrderElementsOf(expected.supportedMigProfiles().stream()
                            .filter(NvmlParityTest::goNvlibOffers).toList());
            // Every profile of a MIG device the simulator shows must be one NVML says the GPU supports.
            assertThat(actual.supportedMigProfiles())
                    .as(profile + " GPU " + expected.index() + " supports its MIG devices' profiles")
                    .containsAll(actual.migDevices().stream().map(MigDevice::profile).distinct().toList());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("profiles")
    void nvmlSeesTheSameTopologyBetweenEveryPairOfGpus(String profile) throws IOException {
        Node simulated = simulated(profile);
        Node nvml = throughFakeNvml(profile);

        List<String> uuids = simulated.gpus().stream().map(Gpu::uuid).toList();
        for (int a = 0; a < uuids.size(); a++) {
            for (int b = a + 1; b < uuids.size(); b++) {
                String pair = profile + " GPUs " + a + "-" + b;
                Optional<GpuLink> expected = simulated.topology().between(uuids.get(a), uuids.get(b));
                Optional<GpuLink> actual = nvml.topology().between(uuids.get(a), uuids.get(b));
                assertThat(actual.map(GpuLink::pcie)).as(pair + " PCIe level").isEqualTo(expected.map(GpuLink::pcie));
                assertThat(actual.map(GpuLink::nvlinkLanes).orElse(0)).as(pair + " NVLink lanes")
                        .isEqualTo(expected.map(GpuLink::nvlinkLanes).orElse(0));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("profiles")
    void nvmlGivesTheSameResourcesForEveryMigStrategy(String profile) throws IOException {
        Node simulated = simulated(profile);
        Node nvml = throughFakeNvml(profile);

        for (MigStrategy strategy : MigStrategy.values()) {
            PluginConfig config = PluginConfig.defaults().withMigStrategy(strategy);
            Outcome expected = plan(simulated, config);
            Outcome actual = plan(nvml, config);
            assertThat(actual).as(profile + " resources with migStrategy " + strategy.configValue()).isEqualTo(expected);
            boolean mustPlan = strategy != MigStrategy.SINGLE || profile.equals("a100-mig-single");
            if (mustPlan) {
                assertThat(expected.error()).as(profile + " plans with migStrategy " + strategy.configValue()).isNull();
            }
        }
    }

    private static void assertSameMigDevice(String gpu, MigDevice expected, MigDevice actual) {
        String mig = gpu + " MIG device " + expected.uuid();
        assertThat(actual.uuid()).as(mig + " uuid").isEqualTo(expected.uuid());
        assertThat(actual.slot()).as(mig + " slot").isEqualTo(expected.slot());
        assertThat(actual.profile()).as(mig + " profile").isEqualTo(expected.profile());
        assertThat(actual.gpuInstanceId()).as(mig + " GPU instance").isEqualTo(expected.gpuInstanceId());
        assertThat(actual.computeInstanceId()).as(mig + " compute instance").isEqualTo(expected.computeInstanceId());
        assertThat(actual.capabilityDevicePaths()).as(mig + " capability device paths")
                .isEqualTo(expected.capabilityDevicePaths());
    }

    /** go-nvlib's rule for which compute splits of a G-slice GPU instance it lists. */
    private static boolean goNvlibOffers(MigProfile p) {
        int c = p.computeSlices();
        int g = p.gpuSlices();
        return c <= g && !(c < g && c * 2 > g + 1);
    }

    private static List<MigProfile> fullGpuInstance(List<MigProfile> profiles) {
        return profiles.stream().filter(MigProfile::isFullGpuInstance).toList();
    }

    /** A plan, or the one-line error planning gave. */
    record Outcome(ResourcePlan plan, String error) {
    }

    private static Outcome plan(Node node, PluginConfig config) {
        try {
            return new Outcome(ResourcePlan.of(node, config), null);
        } catch (DomainException e) {
            return new Outcome(null, e.getMessage());
        }
    }

    private static Node simulated(String profile) {
        return new SimulatedGpuInventory(NodeProfiles.load(profile)).discover();
    }

    /**
     * Writes the node for the fake and discovers it. NvmlGpuInventory opens and shuts NVML down on
     * every discover, so the fake reads the node file pointed at here at this call's nvmlInit.
     */
    private Node throughFakeNvml(String profile) throws IOException {
        FakeNvmlNode.FakeNvmlFiles files = InProcessFakeNvml.show(NodeProfiles.load(profile), dir);
        return new NvmlGpuInventory(library, files.sysRoot(), files.procRoot()).discover();
    }
}
