package io.nvdp.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.nvdp.adapters.config.ConfigLoader;
import io.nvdp.adapters.config.LoadedConfig;
import io.nvdp.adapters.grpc.DevicePluginHost;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code --kubelet-socket=} (empty) serves in kubelet's plugin directory and registers nowhere. */
class KubeletSocketWiringTest {
    @Test
    void anEmptyKubeletSocketServesWithoutRegistering() {
        DevicePluginHost host = hostFor("--kubelet-socket=");
        assertThat(host.kubeletSocket()).isEmpty();
        assertThat(host.directory()).isEqualTo(DaemonModule.DEFAULT_PLUGIN_DIRECTORY);
    }

    @Test
    void aKubeletSocketIsWhereToRegisterAndItsDirectoryWhereToServe() {
        DevicePluginHost host = hostFor("--kubelet-socket=/run/k/kubelet.sock");
        assertThat(host.kubeletSocket()).contains(Path.of("/run/k/kubelet.sock"));
        assertThat(host.directory()).isEqualTo(Path.of("/run/k"));
    }

    private static DevicePluginHost hostFor(String flag) {
        List<String> args = List.of("--device-discovery-strategy=simulated", flag);
        ConfigLoader loader = new ConfigLoader();
        LoadedConfig config = loader.load(args, Map.of());
        return Main.injector(config, () -> loader.load(args, Map.of()), Map.of(),
                new ConfigFileContent(Optional.empty()), ConfigContent.NO_FILE).getInstance(DevicePluginHost.class);
    }
}
