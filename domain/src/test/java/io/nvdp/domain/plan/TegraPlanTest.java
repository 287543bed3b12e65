package io.nvdp.domain.plan;

import static io.nvdp.domain.fixtures.Nodes.timeSliced;
import static org.assertj.core.api.Assertions.assertThat;

import io.nvdp.domain.allocation.ContainerAllocation;
import io.nvdp.domain.allocation.PreferredAllocationRequest;
import io.nvdp.domain.config.DeviceIdStrategy;
import io.nvdp.domain.config.PluginConfig;
import io.nvdp.domain.config.SharedAllocationPolicy;
import io.nvdp.domain.model.AdvertisedDevice;
import io.nvdp.domain.model.Node;
import io.nvdp.domain.model.ResourceName;
import io.nvdp.domain.plugin.ResourceDevicePlugin;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The integrated GPU of a Tegra system, planned and allocated like a GPU named {@code tegra}. */
class TegraPlanTest {

    @Test
    void theIntegratedGpuIsOneGpuDeviceWithoutPathsOrNuma() {
        ResourcePlan plan = ResourcePlan.of(Node.tegra(), PluginConfig.defaults());

        assertThat(plan.resources()).singleElement().satisfies(r -> {
            assertThat(r.name()).isEqualTo(ResourceName.GPU);
            AdvertisedDevice d = r.devices().get(0);
            assertThat(r.devices()).hasSize(1);
            assertThat(d.id()).isEqualTo("tegra");
            assertThat(d.index()).isEqualTo("0");
            assertThat(d.paths()).isEmpty();
            assertThat(d.numaNode()).isEmpty();
        });
    }

    @Test
    void theIntegratedGpuIsMatchedByNameAgainstTheGpuPatterns() {
        ResourceName orin = ResourceName.of("orin");
        ResourcePlan plan = ResourcePlan.of(Node.tegra(), PluginConfig.defaults(),
                List.of(new ResourcePattern("teg*", orin), new ResourcePattern("*", ResourceName.GPU)), List.of());

        assertThat(plan.resources()).extracting(ResourceDevices::name).containsExactly(orin);
    }

    @Test
    void timeSlicingReplicatesTheIntegratedGpu() {
        PluginConfig config = timeSliced(PluginConfig.defaults(), false, false, "nvidia.com/gpu", 4);

        ResourcePlan plan = ResourcePlan.of(Node.tegra(), config);

        assertThat(plan.resources().get(0).devices()).extracting(AdvertisedDevice::id)
                .containsExactly("tegra::0", "tegra::1", "tegra::2", "tegra::3");
    }

    @Test
    void allocateNamesTheDeviceTegraAndPassesNoDeviceNode() {
        PluginConfig d = PluginConfig.defaults();
        PluginConfig config = new PluginConfig(d.migStrategy(), d.failOnInitError(), "/", true,
                d.deviceListStrategies(), DeviceIdStrategy.UUID, false, false, d.cdiAnnotationPrefix(),
                d.nvidiaCtkPath(), d.containerDriverRoot(), SharedAllocationPolicy.DISTRIBUTED, d.timeSlicing());
        ResourceDevicePlugin plugin = plugin(config);

        ContainerAllocation answer = plugin.allocate(List.of(List.of("tegra"))).get(0);

        assertThat(answer.envs()).containsEntry("NVIDIA_VISIBLE_DEVICES", "tegra");
        assertThat(answer.deviceSpecs()).isEmpty();
    }

    @Test
    void preferredAllocationAmongReplicasNeedsNoTopology() {
        PluginConfig config = timeSliced(PluginConfig.defaults(), false, false, "nvidia.com/gpu", 4);
        ResourceDevicePlugin plugin = plugin(config);

        List<String> chosen = plugin.preferredAllocation(List.of(new PreferredAllocationRequest(
                List.of("tegra::0", "tegra::1", "tegra::2", "tegra::3"), List.of(), 2))).get(0);

        assertThat(chosen).hasSize(2).allMatch(id -> id.startsWith("tegra::"));
    }

    private static ResourceDevicePlugin plugin(PluginConfig config) {
        Node node = Node.tegra();
        ResourcePlan plan = ResourcePlan.of(node, config);
        return new ResourceDevicePlugin(plan.resources().get(0), config, node.topology(), path -> false, () -> "id");
    }
}
