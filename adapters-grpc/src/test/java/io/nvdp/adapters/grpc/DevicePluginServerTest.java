package io.nvdp.adapters.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.nvdp.domain.model.ResourceName;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DevicePluginServerTest {
    private static final Path DIR = Path.of("/var/lib/kubelet/device-plugins");

    @Test
    void socketIsNamedAfterTheResourcesShortNameLikeUpstream() {
        assertThat(DevicePluginServer.socketPath(DIR, ResourceName.of("gpu")))
                .isEqualTo(Path.of("/var/lib/kubelet/device-plugins/nvidia-gpu.sock"));
        assertThat(DevicePluginServer.socketPath(DIR, ResourceName.of("gpu.shared")))
                .isEqualTo(Path.of("/var/lib/kubelet/device-plugins/nvidia-gpu.shared.sock"));
        assertThat(DevicePluginServer.socketPath(DIR, ResourceName.of("nvidia.com/mig-1g.5gb")))
                .isEqualTo(Path.of("/var/lib/kubelet/device-plugins/nvidia-mig-1g.5gb.sock"));
    }

    @Test
    void registersWithTheSocketBasenameAndTheFullResourceName() {
        var request = new DevicePluginServer(new FakeDevicePlugin("mig-1g.5gb", 1), DIR, null).registerRequest();

        assertThat(request.getVersion()).isEqualTo("v1beta1");
        assertThat(request.getEndpoint()).isEqualTo("nvidia-mig-1g.5gb.sock");
        assertThat(request.getResourceName()).isEqualTo("nvidia.com/mig-1g.5gb");
        assertThat(request.getOptions().getGetPreferredAllocationAvailable()).isTrue();
        assertThat(request.getOptions().getPreStartRequired()).isFalse();
    }
}
