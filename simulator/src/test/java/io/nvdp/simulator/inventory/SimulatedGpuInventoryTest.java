package io.nvdp.simulator.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nvdp.domain.model.Gpu;
import io.nvdp.domain.model.GpuLink;
import io.nvdp.domain.model.Node;
import io.nvdp.domain.model.PcieLevel;
import io.nvdp.domain.port.DiscoveryException;
import io.nvdp.simulator.profile.NodeProfile;
import io.nvdp.simulator.profile.NodeProfiles;
import org.junit.jupiter.api.Test;

class SimulatedGpuInventoryTest {

    @Test
    void discoveryReportsTheProfilesGpusWithLinksByUuid() {
        NodeProfile profile = NodeProfiles.load("dgx1-v100");

        Node node = new SimulatedGpuInventory(profile).discover();

        assertThat(node.gpus()).containsExactlyElementsOf(profile.gpus());
        assertThat(node.topology().links()).hasSize(28);
        String gpu0 = profile.gpu(0).uuid();
        String gpu3 = profile.gpu(3).uuid();
        GpuLink link = node.topology().between(gpu3, gpu0).orElseThrow();
        assertThat(link).isEqualTo(node.topology().between(gpu0, gpu3).orElseThrow());
        assertThat(link.nvlinkLanes()).isEqualTo(2);
        assertThat(link.pcie()).isEqualTo(PcieLevel.HOST_BRIDGE);
        assertThat(link.score()).isEqualTo(230);
        assertThat(node.topology().between(gpu0, profile.gpu(7).uuid()).orElseThrow().score()).isEqualTo(10);
    }

    @Test
    void displayAdaptersStayInTheProfileButAreLeftOutOfDiscovery() {
        NodeProfile profile = NodeProfiles.load("dgx-station-a100");
        String display = profile.gpu(3).uuid();

        Node node = new SimulatedGpuInventory(profile).discover();

        assertThat(profile.gpus()).extracting(Gpu::productName).contains("DGX Display");
        assertThat(node.gpus()).extracting(Gpu::index).containsExactly(0, 1, 2, 4);
        assertThat(node.gpus()).extracting(Gpu::productName).doesNotContain("DGX Display");
        assertThat(node.topology().knows(display)).isFalse();
        assertThat(node.topology().links()).hasSize(6);
    }

    @Test
    void migDevicesCarryTheirCapabilityPaths() {
        Node node = new SimulatedGpuInventory(NodeProfiles.load("a100-mig")).discover();

        assertThat(node.gpus().getFirst().migDevices()).allSatisfy(mig ->
                assertThat(mig.capabilityDevicePaths()).hasSize(2)
                        .allSatisfy(p -> assertThat(p).startsWith("/dev/nvidia-caps/nvidia-cap")));
        assertThat(node.gpus().get(2).devicePath()).isEqualTo("/dev/nvidia2");
    }

    @Test
    void anInitErrorFailsDiscoveryAsInitFailedWithItsMessage() {
        SimulatedGpuInventory inventory = new SimulatedGpuInventory(NodeProfiles.load("discovery-failure"));

        assertThatThrownBy(inventory::discover)
                .isInstanceOf(DiscoveryException.class)
                .hasMessage("Failed to initialize NVML: ERROR_DRIVER_NOT_LOADED.")
                .satisfies(e -> assertThat(((DiscoveryException) e).kind()).isEqualTo(DiscoveryException.Kind.INIT_FAILED));
    }

    @Test
    void aNodeWithoutGpusDiscoversAnEmptyNode() {
        Node node = new SimulatedGpuInventory(NodeProfiles.load("no-gpu")).discover();

        assertThat(node.gpus()).isEmpty();
        assertThat(node.topology().links()).isEmpty();
    }

    @Test
    void pairsTheProfileSaysNothingAboutHaveNoLink() {
        NodeProfile profile = NodeProfiles.parse("""
                gpuDefaults: {product: Tesla T4, memoryMiB: 15360, computeCapability: "7.5"}
                gpus: [{}, {}, {}]
                links:
                  - {from: 0, to: 1, pcie: single-switch}
                """, "p.yaml", "p");

        Node node = new SimulatedGpuInventory(profile).discover();

        assertThat(node.topology().links()).hasSize(1);
        assertThat(node.topology().between(profile.gpu(0).uuid(), profile.gpu(2).uuid())).isEmpty();
        assertThat(new SimulatedGpuInventory(profile).profile()).isSameAs(profile);
    }
}
