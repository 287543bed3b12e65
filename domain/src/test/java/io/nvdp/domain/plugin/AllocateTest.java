package io.nvdp.domain.plugin;

import static io.nvdp.domain.fixtures.Nodes.config;
import static io.nvdp.domain.fixtures.Nodes.gpu;
import static io.nvdp.domain.fixtures.Nodes.gpuUuid;
import static io.nvdp.domain.fixtures.Nodes.migGpu;
import static io.nvdp.domain.fixtures.Nodes.migUuid;
import static io.nvdp.domain.fixtures.Nodes.node;
import static io.nvdp.domain.fixtures.Nodes.timeSliced;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nvdp.domain.allocation.AllocationException;
import io.nvdp.domain.allocation.ContainerAllocation;
import io.nvdp.domain.allocation.DeviceSpec;
import io.nvdp.domain.allocation.Mount;
import io.nvdp.domain.config.DeviceIdStrategy;
import io.nvdp.domain.config.DeviceListStrategy;
import io.nvdp.domain.config.MigStrategy;
import io.nvdp.domain.config.PluginConfig;
import io.nvdp.domain.config.SharedAllocationPolicy;
import io.nvdp.domain.config.TimeSlicing;
import io.nvdp.domain.model.Node;
import io.nvdp.domain.plan.ResourcePlan;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AllocateTest {
    private static final String A = gpuUuid(0);
    private static final String B = gpuUuid(1);

    static PluginConfig with(List<DeviceListStrategy> lists, DeviceIdStrategy ids, boolean passSpecs, boolean gds,
            boolean mofed, String driverRoot, String cdiPrefix) {
        PluginConfig d = PluginConfig.defaults();
        return new PluginConfig(d.migStrategy(), d.failOnInitError(), driverRoot, passSpecs, lists, ids, gds, mofed,
                cdiPrefix, d.nvidiaCtkPath(), d.containerDriverRoot(), SharedAllocationPolicy.DISTRIBUTED, TimeSlicing.NONE);
    }

    static PluginConfig with(DeviceListStrategy... lists) {
        return with(List.of(lists), DeviceIdStrategy.UUID, false, false, false, "/", "cdi.k8s.io/");
    }

    static ResourceDevicePlugin plugin(Node node, PluginConfig config, Set<String> existingNodes) {
        ResourcePlan plan = ResourcePlan.of(node, config);
        AtomicInteger ids = new AtomicInteger();
        return new ResourceDevicePlugin(plan.resources().get(0), config, node.topology(), existingNodes::contains,
                () -> "id" + ids.incrementAndGet());
    }

    static ResourceDevicePlugin plugin(PluginConfig config) {
        return plugin(node(gpu(0), gpu(1)), config, Set.of());
    }

    private static ContainerAllocation one(ResourceDevicePlugin p, String... ids) {
        List<ContainerAllocation> r = p.allocate(List.of(List.of(ids)));
        assertThat(r).hasSize(1);
        return r.get(0);
    }

    @Test
    void envvarStrategyPassesUuidsInRequestOrder() {
        ContainerAllocation r = one(plugin(with(DeviceListStrategy.ENVVAR)), B, A);
        assertThat(r.envs()).containsExactly(Map.entry("NVIDIA_VISIBLE_DEVICES", B + "," + A));
        assertThat(r.mounts()).isEmpty();
        assertThat(r.deviceSpecs()).isEmpty();
        assertThat(r.annotations()).isEmpty();
        assertThat(r.cdiDevices()).isEmpty();
    }

    @Test
    void indexStrategyPassesIndices() {
        PluginConfig cfg = with(List.of(DeviceListStrategy.ENVVAR), DeviceIdStrategy.INDEX, false, false, false, "/", "cdi.k8s.io/");
        assertThat(one(plugin(cfg), B).envs()).containsEntry("NVIDIA_VISIBLE_DEVICES", "1");
    }

    @Test
    void migDevicesPassTheirIndexOrUuid() {
        PluginConfig base = with(List.of(DeviceListStrategy.ENVVAR), DeviceIdStrategy.INDEX, false, false, false, "/",
                "cdi.k8s.io/").withMigStrategy(MigStrategy.SINGLE);
        ResourceDevicePlugin p = plugin(node(migGpu(0, "1g.5gb", "1g.5gb")), base, Set.of());
        assertThat(one(p, migUuid(0, 1)).envs()).containsEntry("NVIDIA_VISIBLE_DEVICES", "0:1");
    }

    @Test
    void replicasOfOneGpuCollapseToOneRuntimeIdInFirstSeenOrder() {
        PluginConfig cfg = timeSliced(with(DeviceListStrategy.ENVVAR), false, false, "gpu", 4);
        ResourceDevicePlugin p = plugin(cfg);
        assertThat(one(p, B + "::2", A + "::0", B + "::3").envs()).containsEntry("NVIDIA_VISIBLE_DEVICES", B + "," + A);

        PluginConfig byIndex = timeSliced(with(List.of(DeviceListStrategy.ENVVAR), DeviceIdStrategy.INDEX, false, false,
                false, "/", "cdi.k8s.io/"), false, false, "gpu", 4);
        assertThat(one(plugin(byIndex), B + "::2", A + "::0", B + "::3").envs())
                .containsEntry("NVIDIA_VISIBLE_DEVICES", "1,0");
    }

    @Test
    void volumeMountsPointTheEnvVarAtTheDeviceDirectory() {
        ContainerAllocation r = one(plugin(with(DeviceListStrategy.VOLUME_MOUNTS)), B);
        assertThat(r.envs()).containsExactly(Map.entry("NVIDIA_VISIBLE_DEVICES", "/var/run/nvidia-container-devices"));
        assertThat(r.mounts()).containsExactly(new Mount("/var/run/nvidia-container-devices/" + B, "/dev/null", false));
    }

    @Test
    void volumeMountsWinTheEnvVarOverEnvvar() {
        ContainerAllocation r = one(plugin(with(DeviceListStrategy.ENVVAR, DeviceListStrategy.VOLUME_MOUNTS)), A, B);
        assertThat(r.envs()).containsEntry("NVIDIA_VISIBLE_DEVICES", "/var/run/nvidia-container-devices");
        assertThat(r.mounts()).extracting(Mount::containerPath).containsExactly(
                "/var/run/nvidia-container-devices/" + A, "/var/run/nvidia-container-devices/" + B);
    }

    @Test
    void cdiAnnotationsNameEachDeviceUnderAFreshResponseKey() {
        ResourceDevicePlugin p = plugin(with(DeviceListStrategy.CDI_ANNOTATIONS));
        List<ContainerAllocation> r = p.allocate(List.of(List.of(A, B), List.of(B)));
        assertThat(r.get(0).annotations()).containsExactly(Map.entry("cdi.k8s.io/nvidia-device-plugin_id1",
                "k8s.device-plugin.nvidia.com/gpu=" + A + ",k8s.device-plugin.nvidia.com/gpu=" + B));
        assertThat(r.get(1).annotations()).containsOnlyKeys("cdi.k8s.io/nvidia-device-plugin_id2");
        assertThat(r.get(0).envs()).isEmpty();
        assertThat(r.get(0).mounts()).isEmpty();
    }

    @Test
    void aCustomCdiPrefixReplacesTheDefaultInTheKey() {
        PluginConfig cfg = with(List.of(DeviceListStrategy.CDI_ANNOTATIONS), DeviceIdStrategy.INDEX, false, false, false,
                "/", "custom.cdi.k8s.io/");
        assertThat(one(plugin(cfg), B).annotations())
                .containsExactly(Map.entry("custom.cdi.k8s.io/nvidia-device-plugin_id1", "k8s.device-plugin.nvidia.com/gpu=1"));
    }

    @Test
    void anEmptyRequestGetsNoCdiAnnotation() {
        assertThat(one(plugin(with(DeviceListStrategy.CDI_ANNOTATIONS))).annotations()).isEmpty();
    }

    @Test
    void gdsAndMofedAddEnvVarsAndCdiDevicesAfterTheGpus() {
        PluginConfig cfg = with(List.of(DeviceListStrategy.CDI_ANNOTATIONS, DeviceListStrategy.CDI_CRI), DeviceIdStrategy.UUID,
                false, true, true, "/", "cdi.k8s.io/");
        ContainerAllocation r = one(plugin(cfg), A);
        assertThat(r.envs()).containsExactly(Map.entry("NVIDIA_GDS", "enabled"), Map.entry("NVIDIA_MOFED", "enabled"));
        List<String> names = List.of("k8s.device-plugin.nvidia.com/gpu=" + A, "k8s.device-plugin.nvidia.com/gds=all",
                "k8s.device-plugin.nvidia.com/mofed=all");
        assertThat(r.annotations()).containsExactly(Map.entry("cdi.k8s.io/nvidia-device-plugin_id1", String.join(",", names)));
        assertThat(r.cdiDevices()).containsExactlyElementsOf(names);
    }

    @Test
    void cdiCriAloneReturnsCdiDevicesOnly() {
        ContainerAllocation r = one(plugin(with(DeviceListStrategy.CDI_CRI)), B);
        assertThat(r.cdiDevices()).containsExactly("k8s.device-plugin.nvidia.com/gpu=" + B);
        assertThat(r.annotations()).isEmpty();
        assertThat(r.envs()).isEmpty();
    }

    @Test
    void envvarCombinedWithCdiKeepsTheEnvVar() {
        ContainerAllocation r = one(plugin(with(DeviceListStrategy.ENVVAR, DeviceListStrategy.CDI_ANNOTATIONS)), A);
        assertThat(r.envs()).containsEntry("NVIDIA_VISIBLE_DEVICES", A);
        assertThat(r.annotations()).hasSize(1);
    }

    @Test
    void deviceSpecsListExistingControlNodesThenDevicePaths() {
        PluginConfig cfg = with(List.of(DeviceListStrategy.ENVVAR), DeviceIdStrategy.UUID, true, false, false, "/", "cdi.k8s.io/");
        ResourceDevicePlugin p = plugin(node(gpu(0), gpu(1)), cfg, Set.of("/dev/nvidiactl", "/dev/nvidia-uvm"));
        assertThat(one(p, B, A).deviceSpecs()).containsExactly(
                new DeviceSpec("/dev/nvidiactl", "/dev/nvidiactl", "rw"),
                new DeviceSpec("/dev/nvidia-uvm", "/dev/nvidia-uvm", "rw"),
                new DeviceSpec("/dev/nvidia1", "/dev/nvidia1", "rw"),
                new DeviceSpec("/dev/nvidia0", "/dev/nvidia0", "rw"));
    }

    @ParameterizedTest
    @CsvSource({"/, /dev/nvidia0", "/run/nvidia/driver, /run/nvidia/driver/dev/nvidia0",
        "/run/nvidia/driver/, /run/nvidia/driver/dev/nvidia0"})
    void deviceSpecHostPathsAreUnderTheDriverRoot(String root, String expected) {
        PluginConfig cfg = with(List.of(DeviceListStrategy.ENVVAR), DeviceIdStrategy.UUID, true, false, false, root, "cdi.k8s.io/");
        assertThat(one(plugin(cfg), A).deviceSpecs()).containsExactly(new DeviceSpec("/dev/nvidia0", expected, "rw"));
    }

    @Test
    void replicasOfOneGpuGiveOneDeviceSpec() {
        PluginConfig cfg = timeSliced(with(List.of(DeviceListStrategy.ENVVAR), DeviceIdStrategy.UUID, true, false, false,
                "/", "cdi.k8s.io/"), false, false, "gpu", 2);
        assertThat(one(plugin(cfg), A + "::0", A + "::1").deviceSpecs())
                .containsExactly(new DeviceSpec("/dev/nvidia0", "/dev/nvidia0", "rw"));
    }

    @Test
    void migDeviceSpecsIncludeTheCapabilityNodes() {
        PluginConfig cfg = with(List.of(DeviceListStrategy.ENVVAR), DeviceIdStrategy.UUID, true, false, false, "/",
                "cdi.k8s.io/").withMigStrategy(MigStrategy.SINGLE);
        ResourceDevicePlugin p = plugin(node(migGpu(0, "1g.5gb", "1g.5gb")), cfg, Set.of());
        assertThat(one(p, migUuid(0, 1)).deviceSpecs()).extracting(DeviceSpec::containerPath)
                .containsExactly("/dev/nvidia0", "/dev/nvidia-caps/nvidia-cap3", "/dev/nvidia-caps/nvidia-cap4");
    }

    @Test
    void cdiOnlyStrategiesAddNoDeviceSpecs() {
        PluginConfig cfg = with(List.of(DeviceListStrategy.CDI_ANNOTATIONS), DeviceIdStrategy.UUID, true, false, false, "/",
                "cdi.k8s.io/");
        ResourceDevicePlugin p = plugin(node(gpu(0)), cfg, Set.of("/dev/nvidiactl"));
        assertThat(one(p, A).deviceSpecs()).isEmpty();
    }

    @Test
    void anUnknownDeviceFailsTheWholeRequest() {
        ResourceDevicePlugin p = plugin(with(DeviceListStrategy.ENVVAR));
        assertThatThrownBy(() -> p.allocate(List.of(List.of(A), List.of("GPU-nope"))))
                .isInstanceOf(AllocationException.class)
                .hasMessage("invalid allocation request for 'nvidia.com/gpu': unknown device: GPU-nope");
    }

    @Test
    void sharedResourcesRejectMoreThanOneReplicaWhenConfigured() {
        PluginConfig cfg = timeSliced(with(DeviceListStrategy.ENVVAR), true, true, "gpu", 2);
        ResourceDevicePlugin p = plugin(cfg);
        assertThat(p.resource().value()).isEqualTo("nvidia.com/gpu.shared");
        assertThatThrownBy(() -> p.allocate(List.of(List.of(A + "::0", B + "::1"))))
                .isInstanceOf(AllocationException.class)
                .hasMessage("request for 'nvidia.com/gpu.shared: 2' too large: maximum request size for shared resources is 1");
        assertThat(p.allocate(List.of(List.of(A + "::0")))).hasSize(1);
    }

    @Test
    void moreThanOneReplicaIsFineUnlessConfigured() {
        ResourceDevicePlugin p = plugin(timeSliced(with(DeviceListStrategy.ENVVAR), false, false, "gpu", 2));
        assertThat(one(p, A + "::0", B + "::1").envs()).containsEntry("NVIDIA_VISIBLE_DEVICES", A + "," + B);
    }
}
