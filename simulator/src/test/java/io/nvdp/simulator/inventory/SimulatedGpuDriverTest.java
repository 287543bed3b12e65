package io.nvdp.simulator.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nvdp.domain.model.DriverVersions;
import io.nvdp.domain.model.MigAttributes;
import io.nvdp.domain.model.MigDevice;
import io.nvdp.domain.port.DiscoveryException;
import io.nvdp.simulator.profile.NodeProfiles;
import org.junit.jupiter.api.Test;

class SimulatedGpuDriverTest {
    @Test
    void aProfileWithoutDriverKeysReportsTheFakeLibrarysDefaults() {
        assertThat(new SimulatedGpuDriver(NodeProfiles.load("t4x4")).versions())
                .isEqualTo(new DriverVersions("535.104.05", 12020));
    }

    @Test
    void theDriverKeysSetTheVersions() {
        var profile = NodeProfiles.parse("driverVersion: \"470.57.02\"\ncudaDriverVersion: 11040\ngpus: [{product: Tesla T4, memoryMiB: 15360, computeCapability: \"7.5\"}]\n", "d.yaml", "d");
        assertThat(new SimulatedGpuDriver(profile).versions()).isEqualTo(new DriverVersions("470.57.02", 11040));
    }

    @Test
    void anInitErrorFailsAsInitFailed() {
        assertThatThrownBy(() -> new SimulatedGpuDriver(NodeProfiles.load("discovery-failure")).versions())
                .isInstanceOfSatisfying(DiscoveryException.class,
                        e -> assertThat(e.kind()).isEqualTo(DiscoveryException.Kind.INIT_FAILED));
    }

    @Test
    void migDevicesReportAnA100sAttributesForTheirProfile() {
        var gpu = new SimulatedGpuInventory(NodeProfiles.load("a100-mig")).discover().gpus().get(0);
        assertThat(gpu.migDevices()).extracting(m -> m.profile().name() + "=" + m.attributes()).startsWith(
                "3g.20gb=" + new MigAttributes(42, 3, 3, 3, 1, 0, 0, 0),
                "2g.10gb=" + new MigAttributes(28, 2, 2, 2, 1, 0, 0, 0),
                "1g.5gb=" + new MigAttributes(14, 1, 1, 1, 0, 0, 0, 0));
        assertThat(gpu.migDevices()).extracting(MigDevice::memoryMiB).startsWith(20480L);
    }
}
