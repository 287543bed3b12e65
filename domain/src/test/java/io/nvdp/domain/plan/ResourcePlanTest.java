package io.nvdp.domain.plan;

import static io.nvdp.domain.fixtures.Nodes.config;
import static io.nvdp.domain.fixtures.Nodes.gpu;
import static io.nvdp.domain.fixtures.Nodes.gpuUuid;
import static io.nvdp.domain.fixtures.Nodes.mig;
import static io.nvdp.domain.fixtures.Nodes.migGpu;
import static io.nvdp.domain.fixtures.Nodes.migUuid;
import static io.nvdp.domain.fixtures.Nodes.node;
import static io.nvdp.domain.fixtures.Nodes.timeSliced;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nvdp.domain.DomainException;
import io.nvdp.domain.config.MigStrategy;
import io.nvdp.domain.config.PluginConfig;
import io.nvdp.domain.model.AdvertisedDevice;
import io.nvdp.domain.model.ComputeCapability;
import io.nvdp.domain.model.Gpu;
import io.nvdp.domain.model.Health;
import io.nvdp.domain.model.MigDevice;
import io.nvdp.domain.fixtures.Nodes;
import io.nvdp.domain.model.MigProfile;
import io.nvdp.domain.model.ResourceName;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class ResourcePlanTest {
    private static final ResourceName GPU = ResourceName.GPU;

    private static List<String> ids(ResourcePlan plan, String resource) {
        return plan.resource(ResourceName.of(resource)).orElseThrow().devices().stream().map(AdvertisedDevice::id).toList();
    }

    private static List<String> names(ResourcePlan plan) {
        return plan.resources().stream().map(r -> r.name().value()).toList();
    }

    @Test
    void fullGpusLandInNvidiaComGpuWithUuidIndexPathAndNuma() {
        ResourcePlan plan = ResourcePlan.of(node(gpu(0), gpu(5)), config());

        assertThat(names(plan)).containsExactly("nvidia.com/gpu");
        AdvertisedDevice d = plan.resources().get(0).devices().get(1);
        assertThat(d.id()).isEqualTo(gpuUuid(5));
        assertThat(d.uuid()).isEqualTo(gpuUuid(5));
        assertThat(d.gpuUuid()).isEqualTo(gpuUuid(5));
        assertThat(d.index()).isEqualTo("5");
        assertThat(d.paths()).containsExactly("/dev/nvidia5");
        assertThat(d.numaNode()).hasValue(1);
        assertThat(d.replica()).isEmpty();
        assertThat(d.health()).isEqualTo(Health.HEALTHY);
        assertThat(plan.gpuPatterns()).containsExactly(new ResourcePattern("*", GPU));
    }

    @Test
    void devicesAreOrderedByGpuIndexWhateverTheInventoryOrder() {
        ResourcePlan plan = ResourcePlan.of(node(gpu(2), gpu(0), gpu(1)), config());
        assertThat(ids(plan, "gpu")).containsExactly(gpuUuid(0), gpuUuid(1), gpuUuid(2));
    }

    @ParameterizedTest
    @ValueSource(strings = {"DGX Display", "NVIDIA DGX Display"})
    void displayAdaptersAreSkippedWithoutRenumbering(String product) {
        ResourcePlan plan = ResourcePlan.of(node(gpu(0), gpu(1, product), gpu(2)), config());
        assertThat(plan.resources().get(0).devices()).extracting(AdvertisedDevice::index).containsExactly("0", "2");
        assertThat(plan.warnings()).anyMatch(w -> w.contains(product));
    }

    @Test
    void noGpusMeansNoResources() {
        assertThat(ResourcePlan.of(node(), config()).resources()).isEmpty();
    }

    @Test
    void noneStrategyAdvertisesMigEnabledGpusAsFullGpus() {
        ResourcePlan plan = ResourcePlan.of(node(migGpu(0, "1g.5gb", "1g.5gb"), gpu(1)), config());
        assertThat(names(plan)).containsExactly("nvidia.com/gpu");
        assertThat(ids(plan, "gpu")).containsExactly(gpuUuid(0), gpuUuid(1));
    }

    @Test
    void singleStrategyAdvertisesMigDevicesAsNvidiaComGpu() {
        ResourcePlan plan = ResourcePlan.of(node(migGpu(0, "1g.5gb", "1g.5gb"), migGpu(1, "1g.5gb")),
                config().withMigStrategy(MigStrategy.SINGLE));

        assertThat(names(plan)).containsExactly("nvidia.com/gpu");
        List<AdvertisedDevice> devices = plan.resources().get(0).devices();
        assertThat(devices).extracting(AdvertisedDevice::id).containsExactly(migUuid(0, 0), migUuid(0, 1), migUuid(1, 0));
        AdvertisedDevice second = devices.get(1);
        assertThat(second.index()).isEqualTo("0:1");
        assertThat(second.isMig()).isTrue();
        assertThat(second.gpuUuid()).isEqualTo(gpuUuid(0));
        assertThat(second.paths()).containsExactly("/dev/nvidia0", "/dev/nvidia-caps/nvidia-cap3",
                "/dev/nvidia-caps/nvidia-cap4");
        assertThat(second.numaNode()).hasValue(0);
    }

    @Test
    void singleStrategyWithoutMigEnabledGpusBehavesLikeNone() {
        ResourcePlan plan = ResourcePlan.of(node(gpu(0), gpu(1)), config().withMigStrategy(MigStrategy.SINGLE));
        assertThat(ids(plan, "gpu")).containsExactly(gpuUuid(0), gpuUuid(1));
    }

    @ParameterizedTest
    @EnumSource(value = MigStrategy.class, names = {"SINGLE", "MIXED"})
    void aMigEnabledGpuWithoutMigDevicesIsAnInvalidConfiguration(MigStrategy strategy) {
        assertThatThrownBy(() -> ResourcePlan.of(node(migGpu(0, "1g.5gb"), migGpu(3)), config().withMigStrategy(strategy)))
                .isInstanceOf(DomainException.class)
                .hasMessage("invalid MIG configuration: At least one device with migEnabled=true was not configured"
                        + " correctly: error visiting device: device 3 has an invalid MIG configuration");
    }

    @Test
    void singleStrategyRejectsMoreThanOneMigDeviceType() {
        assertThatThrownBy(() -> ResourcePlan.of(node(migGpu(0, "1g.5gb", "2g.10gb")),
                config().withMigStrategy(MigStrategy.SINGLE)))
                .isInstanceOf(DomainException.class)
                .hasMessage("invalid MIG configuration: more than one MIG device type present on node");
    }

    @Test
    void singleStrategyRejectsMigEnabledBesideMigDisabledGpus() {
        assertThatThrownBy(() -> ResourcePlan.of(node(migGpu(0, "1g.5gb"), gpu(1)),
                config().withMigStrategy(MigStrategy.SINGLE)))
                .isInstanceOf(DomainException.class)
                .hasMessage("all devices on the node must be configured with the same migEnabled value");
    }

    @Test
    void mixedStrategyGivesEachFullInstanceProfileItsOwnResource() {
        ResourcePlan plan = ResourcePlan.of(node(migGpu(0, "1g.5gb", "1g.5gb+me", "3g.20gb"), gpu(1), migGpu(2, "1g.5gb")),
                config().withMigStrategy(MigStrategy.MIXED));

        assertThat(names(plan)).containsExactly("nvidia.com/gpu", "nvidia.com/mig-1g.5gb", "nvidia.com/mig-1g.5gb.me",
                "nvidia.com/mig-3g.20gb");
        assertThat(ids(plan, "gpu")).containsExactly(gpuUuid(1));
        assertThat(ids(plan, "mig-1g.5gb")).containsExactly(migUuid(0, 0), migUuid(2, 0));
        assertThat(ids(plan, "mig-1g.5gb.me")).containsExactly(migUuid(0, 1));
        assertThat(plan.resource(ResourceName.of("mig-3g.20gb")).orElseThrow().devices().get(0).index())
                .isEqualTo("0:2");
    }

    @Test
    void mixedStrategyKeepsSuffixedProfilesOutOfThePlainProfilesResource() {
        ResourcePlan plan = ResourcePlan.of(node(migGpu(0, "1g.5gb", "1g.5gb+me.all")),
                config().withMigStrategy(MigStrategy.MIXED));
        assertThat(ids(plan, "mig-1g.5gb")).containsExactly(migUuid(0, 0));
        assertThat(ids(plan, "mig-1g.5gb.me.all")).containsExactly(migUuid(0, 1));
    }

    @Test
    void mixedDefaultPatternsCoverOnlyProfilesWithAsManyComputeAsGpuSlices() {
        List<ResourcePattern> patterns = ResourcePlan.defaultMigPatterns(List.of(migGpu(0, "1g.5gb")), MigStrategy.MIXED);
        assertThat(patterns).extracting(ResourcePattern::pattern)
                .containsExactly("1g.5gb", "1g.5gb+me", "2g.10gb", "3g.20gb", "7g.40gb");
        assertThat(patterns.get(1).name()).isEqualTo(ResourceName.of("nvidia.com/mig-1g.5gb.me"));
        assertThat(ResourcePlan.defaultMigPatterns(List.of(migGpu(0)), MigStrategy.SINGLE))
                .containsExactly(new ResourcePattern("*", GPU));
        assertThat(ResourcePlan.defaultMigPatterns(List.of(migGpu(0)), MigStrategy.NONE)).isEmpty();
    }

    @Test
    void mixedStrategyRejectsAMigDeviceWhoseProfileHasNoResource() {
        assertThatThrownBy(() -> ResourcePlan.of(node(migGpu(0, "1c.2g.10gb")), config().withMigStrategy(MigStrategy.MIXED)))
                .isInstanceOf(DomainException.class)
                .hasMessage("MIG profile '1c.2g.10gb' does not match any resource patterns");
    }

    @Test
    void mixedStrategyNamesProfilesOfExistingDevicesEvenWithoutASupportedList() {
        Gpu bare = new Gpu(0, gpuUuid(0), "NVIDIA H100", 0, 81920, "00000000:01:00.0", OptionalInt.empty(),
                new ComputeCapability(9, 0), true, List.of(mig(0, 0, "1g.10gb")), List.of());
        ResourcePlan plan = ResourcePlan.of(node(bare), config().withMigStrategy(MigStrategy.MIXED));
        assertThat(names(plan)).containsExactly("nvidia.com/mig-1g.10gb");
        assertThat(plan.resources().get(0).devices().get(0).numaNode()).isEmpty();
    }

    @Test
    void aMigDeviceWithoutCapabilityPathsIsAnError() {
        MigDevice broken = new MigDevice(migUuid(0, 0), 0, MigProfile.parse("1g.5gb"), 7, 0, 4864,
                Nodes.attributes(MigProfile.parse("1g.5gb")),
                List.of("/dev/nvidia-caps/nvidia-cap1"));
        Gpu gpu = new Gpu(0, gpuUuid(0), "A100", 3, 40960, "x", OptionalInt.empty(), new ComputeCapability(8, 0), true,
                List.of(broken), List.of());
        assertThatThrownBy(() -> ResourcePlan.of(node(gpu), config().withMigStrategy(MigStrategy.SINGLE)))
                .isInstanceOf(DomainException.class)
                .hasMessage("missing MIG GPU instance capability path: /proc/driver/nvidia/capabilities/gpu3/mig/gi7/ci0/access");
    }

    @Test
    void aGpuNameMatchingNoPatternIsAnError() {
        List<ResourcePattern> teslaOnly = List.of(new ResourcePattern("Tesla*", GPU));
        assertThatThrownBy(() -> ResourcePlan.of(node(gpu(0, "NVIDIA A100")), config(), teslaOnly, List.of()))
                .isInstanceOf(DomainException.class)
                .hasMessage("GPU name 'NVIDIA A100' does not match any resource patterns");
    }

    @Test
    void timeSlicingReplacesEachDeviceWithNumberedReplicas() {
        ResourcePlan plan = ResourcePlan.of(node(gpu(0), gpu(1)), timeSliced(config(), false, false, "gpu", 3));

        List<AdvertisedDevice> devices = plan.resources().get(0).devices();
        assertThat(devices).extracting(AdvertisedDevice::id).containsExactly(
                gpuUuid(0) + "::0", gpuUuid(0) + "::1", gpuUuid(0) + "::2",
                gpuUuid(1) + "::0", gpuUuid(1) + "::1", gpuUuid(1) + "::2");
        assertThat(devices.get(4).index()).isEqualTo("1");
        assertThat(devices.get(4).uuid()).isEqualTo(gpuUuid(1));
        assertThat(devices.get(4).replica()).hasValue(1);
        assertThat(devices.get(4).paths()).containsExactly("/dev/nvidia1");
    }

    @Test
    void renamedReplicasMoveToTheSharedResourceAndTheEmptyOriginalDisappears() {
        ResourcePlan plan = ResourcePlan.of(node(gpu(0)), timeSliced(config(), true, false, "gpu", 2));
        assertThat(names(plan)).containsExactly("nvidia.com/gpu.shared");
        assertThat(ids(plan, "gpu.shared")).containsExactly(gpuUuid(0) + "::0", gpuUuid(0) + "::1");
    }

    @Test
    void migResourcesCanBeTimeSliced() {
        PluginConfig cfg = timeSliced(config().withMigStrategy(MigStrategy.MIXED), false, false, "mig-1g.5gb", 2);
        ResourcePlan plan = ResourcePlan.of(node(migGpu(0, "1g.5gb", "3g.20gb")), cfg);
        assertThat(ids(plan, "mig-1g.5gb")).containsExactly(migUuid(0, 0) + "::0", migUuid(0, 0) + "::1");
        assertThat(ids(plan, "mig-3g.20gb")).containsExactly(migUuid(0, 1));
    }

    @Test
    void aReplicatedResourceWithoutDevicesIsSkippedWithAWarning() {
        ResourcePlan plan = ResourcePlan.of(node(gpu(0)), timeSliced(config(), false, false, "mig-1g.5gb", 2));
        assertThat(ids(plan, "gpu")).containsExactly(gpuUuid(0));
        assertThat(plan.warnings()).anyMatch(w -> w.contains("nvidia.com/mig-1g.5gb"));
    }

    @Test
    void eightGpusTimesTenReplicasGiveEightyDevices() {
        Gpu[] gpus = java.util.stream.IntStream.range(0, 8).mapToObj(i -> gpu(i)).toArray(Gpu[]::new);
        ResourcePlan plan = ResourcePlan.of(node(gpus), timeSliced(config(), false, false, "gpu", 10));
        assertThat(plan.resources().get(0).devices()).hasSize(80);
    }

    @Test
    void plansOfTheSameNodeAreEqualAndCompareDevicesWithoutHealth() {
        ResourcePlan a = ResourcePlan.of(node(gpu(0), gpu(1)), config());
        ResourcePlan b = ResourcePlan.of(node(gpu(0), gpu(1)), config());
        assertThat(a).isEqualTo(b);
        assertThat(b.resources()).isEqualTo(a.resources());

        ResourceDevices original = a.resources().get(0);
        ResourceDevices sick = new ResourceDevices(original.name(),
                original.devices().stream().map(d -> d.withHealth(Health.UNHEALTHY)).toList());
        assertThat(sick).isNotEqualTo(original);
        assertThat(sick.sameDevicesAs(original)).isTrue();
    }
}
