package io.nvdp.charts;

import static io.nvdp.charts.Chart.chart;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Runs the exec liveness probe's shell command against a fake node: the kubelet's device-plugin
 * directory and /dev are swapped for temp directories.
 */
class LivenessProbeCommandTest {

    private Path root;
    private Path pluginDir;
    private Path dev;

    @BeforeEach
    void fakeNode() throws IOException {
        // short path: unix socket paths are limited to 107 bytes
        root = Files.createTempDirectory(Path.of("/tmp"), "nvdp");
        pluginDir = Files.createDirectories(root.resolve("dp"));
        dev = Files.createDirectories(root.resolve("dev"));
    }

    @AfterEach
    void cleanUp() throws IOException {
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private int probe() throws Exception {
        List<String> command = Rendered.texts(
                chart().render().pluginContainer().path("livenessProbe").path("exec").path("command"));
        String script = command.get(2)
                .replace("/var/lib/kubelet/device-plugins/", pluginDir + "/")
                .replace("/dev/nvidia", dev + "/nvidia");
        Process process = new ProcessBuilder(command.get(0), command.get(1), script).inheritIO().start();
        return process.waitFor();
    }

    private ServerSocketChannel listen(String name) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(pluginDir.resolve(name)));
        return server;
    }

    @Test
    void nodeWithoutGpusIsHealthyWithoutSockets() throws Exception {
        Files.createFile(dev.resolve("null"));

        assertThat(probe()).isZero();
    }

    @Test
    void gpuNodeWithoutPluginSocketIsUnhealthy() throws Exception {
        Files.createFile(dev.resolve("nvidia0"));
        Files.createFile(dev.resolve("nvidiactl"));
        Files.createFile(pluginDir.resolve("kubelet.sock"));

        assertThat(probe()).isNotZero();
    }

    @Test
    void gpuNodeServingTheGpuSocketIsHealthy() throws Exception {
        Files.createFile(dev.resolve("nvidia0"));
        try (var ignored = listen("nvidia-gpu.sock")) {
            assertThat(probe()).isZero();
        }
    }

    @Test
    void gpuNodeServingOnlyMigSocketsIsHealthy() throws Exception {
        Files.createFile(dev.resolve("nvidia0"));
        try (var ignored = listen("nvidia-mig-1g.10gb.sock")) {
            assertThat(probe()).isZero();
        }
    }
}
