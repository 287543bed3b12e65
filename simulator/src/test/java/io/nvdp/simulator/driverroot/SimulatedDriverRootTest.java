package io.nvdp.simulator.driverroot;

import static org.assertj.core.api.Assertions.assertThat;

import io.nvdp.simulator.profile.NodeProfile;
import io.nvdp.simulator.profile.NodeProfiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulatedDriverRootTest {
    @TempDir
    Path tmp;

    @Test
    void aMigNodeGetsItsGpuAndCapabilityNodesLibrariesToolsAndFirmware() throws Exception {
        NodeProfile profile = NodeProfiles.load("a100-mig");
        Path root = SimulatedDriverRoot.write(profile.gpus(), tmp.resolve("root"));
        assertThat(root.resolve(SimulatedDriverRoot.MARKER)).exists();
        assertThat(Files.readString(root.resolve("dev/nvidia1"))).isEqualTo("c 195:1\n");
        assertThat(Files.readString(root.resolve("dev/nvidiactl"))).isEqualTo("c 195:255\n");
        String cap = profile.gpu(0).migDevices().get(0).capabilityDevicePaths().get(1);
        assertThat(Files.readString(root.resolve(cap.substring(1))))
                .isEqualTo("c 511:" + cap.substring(cap.lastIndexOf("cap") + 3) + "\n");
        Path lib = root.resolve("usr/lib/x86_64-linux-gnu");
        assertThat(lib.resolve("libcuda.so.535.104.05")).isRegularFile();
        assertThat(Files.readSymbolicLink(lib.resolve("libcuda.so.1"))).isEqualTo(Path.of("libcuda.so.535.104.05"));
        assertThat(root.resolve("lib/firmware/nvidia/535.104.05/gsp_ga10x.bin")).isRegularFile();
        assertThat(root.resolve("usr/bin/nvidia-smi")).isExecutable();
    }

    @Test
    void theLdCacheIsOneThatGlibcsLdconfigReads() throws Exception {
        Path root = SimulatedDriverRoot.write(NodeProfiles.load("t4x4").gpus(), tmp.resolve("root"));
        Process p = new ProcessBuilder("ldconfig", "-p", "-C", root.resolve("etc/ld.so.cache").toString())
                .redirectErrorStream(true).start();
        String listing = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(listing).isZero();
        assertThat(listing).contains("8 libs found in cache")
                .contains("libcuda.so.1 (libc6,x86-64) => /usr/lib/x86_64-linux-gnu/libcuda.so.1")
                .contains("libnvidia-ml.so.1 (libc6,x86-64) => /usr/lib/x86_64-linux-gnu/libnvidia-ml.so.1");
    }

    @Test
    void writingTwiceGivesTheSameTree() {
        Path root = tmp.resolve("root");
        SimulatedDriverRoot.write(NodeProfiles.load("t4x4").gpus(), root);
        SimulatedDriverRoot.write(NodeProfiles.load("t4x4").gpus(), root);
        assertThat(LdCacheFile.of(Map.of("a.so.1", "/l/a.so.1"))).hasSize(48 + 24 + 7 + 10);
    }
}
