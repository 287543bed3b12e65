package io.nvdp.acceptance;

import io.nvdp.domain.model.Gpu;
import io.nvdp.domain.model.Node;
import io.nvdp.simulator.fakenvml.FakeNvmlNode;
import io.nvdp.simulator.inventory.SimulatedGpuInventory;
import io.nvdp.simulator.profile.NodeProfile;
import io.nvdp.simulator.profile.NodeProfiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

/**
 * Tier 2: the daemon discovers through the real NVML adapter, over the fake libnvidia-ml.so built
 * from C, which reads the node written from the same profile. Faults go through the library's
 * control file, so they travel NVML's event set like real Xids.
 */
final class FakeNvmlTier implements NodeTier {
    @Override
    public Launch launch(String node, Path workDir) {
        NodeProfile profile = NodeProfiles.load(node);
        Node discovered = new SimulatedGpuInventory(profile).discover();
        FakeNvmlNode.FakeNvmlFiles files = FakeNvmlNode.write(discovered, profile.driver(), workDir.resolve("fake-nvml"));
        Path control = workDir.resolve("fake-nvml-control");
        try {
            Files.writeString(control, "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String library = System.getProperty("nvdp.fakeNvml");
        if (library == null || !Files.isRegularFile(Path.of(library))) {
            throw new IllegalStateException("the fake libnvidia-ml.so.1 is missing: " + library);
        }
        List<String> args = List.of("--device-discovery-strategy=nvml", "--nvml-library=" + library);
        Map<String, String> env = Map.of(
                "FAKE_NVML_NODE", files.nodeFile().toString(),
                "FAKE_NVML_CONTROL", control.toString(),
                "NVDP_HOST_SYS_ROOT", files.sysRoot().toString(),
                "NVDP_HOST_PROC_ROOT", files.procRoot().toString());
        return new Launch(args, env, new Faults() {
            @Override
            public void xid(int gpuIndex, long xid) {
                append("xid " + gpuIndex + " " + xid);
            }

            @Override
            public void lose(int gpuIndex) {
                append("lost " + gpuIndex);
            }

            @Override
            public void restore(int gpuIndex) {
                append("back " + gpuIndex);
            }

            private void append(String line) {
                try {
                    Files.writeString(control, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });
    }

    @Override
    public List<Gpu> gpus(String node) {
        return new SimulatedGpuInventory(NodeProfiles.load(node)).discover().gpus();
    }
}
