package io.nvdp.simulator.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nvdp.domain.model.Node;
import io.nvdp.domain.port.DiscoveryException;
import io.nvdp.simulator.inventory.SimulatedGpuInventory;
import org.junit.jupiter.api.Test;

/** {@code platform: tegra} profiles: a Tegra system's integrated GPU and nothing else. */
class TegraProfileTest {

    @Test
    void jetsonOrinIsATegraSystemDiscoveredAsItsIntegratedGpu() {
        NodeProfile profile = NodeProfiles.load("jetson-orin");

        assertThat(profile.isTegra()).isTrue();
        assertThat(new SimulatedGpuInventory(profile).discover()).isEqualTo(Node.tegra());
    }

    @Test
    void nodesOfDiscreteGpusAreNotTegra() {
        assertThat(NodeProfiles.load("t4x4").isTegra()).isFalse();
        assertThat(NodeProfiles.load("no-gpu").isTegra()).isFalse();
        assertThat(NodeProfiles.parse("platform: nvml\ngpus: []\n", "x.yaml", "x").isTegra()).isFalse();
    }

    @Test
    void anUnknownPlatformIsRejectedNamingTheKeyAndValue() {
        assertThatThrownBy(() -> NodeProfiles.parse("platform: wsl\n", "p.yaml", "p"))
                .isInstanceOf(DiscoveryException.class)
                .hasMessage("node profile p.yaml: platform must be one of nvml, tegra, got 'wsl'");
    }

    @Test
    void aTegraProfileCannotDescribeGpusTopologyOrFaults() {
        assertThatThrownBy(() -> NodeProfiles.parse("platform: tegra\ngpus: []\n", "p.yaml", "p"))
                .isInstanceOf(DiscoveryException.class)
                .hasMessageStartingWith("node profile p.yaml: gpus is not supported with platform: tegra");
        assertThatThrownBy(() -> NodeProfiles.parse("platform: tegra\nfaults: []\n", "p.yaml", "p"))
                .hasMessageStartingWith("node profile p.yaml: faults is not supported with platform: tegra");
    }
}
