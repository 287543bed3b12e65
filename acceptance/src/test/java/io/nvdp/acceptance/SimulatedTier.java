package io.nvdp.acceptance;

import static org.awaitility.Awaitility.await;

import io.nvdp.domain.model.Gpu;
import io.nvdp.simulator.fault.FaultControlClient;
import io.nvdp.simulator.inventory.SimulatedGpuInventory;
import io.nvdp.simulator.profile.NodeProfiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Tier 1: {@code --device-discovery-strategy=simulated}, faults through the control socket. */
final class SimulatedTier implements NodeTier {
    @Override
    public Launch launch(String node, Path workDir) {
        Path socket = workDir.resolve("faults.sock");
        List<String> args = List.of("--device-discovery-strategy=simulated", "--simulated-node=" + node,
                "--fault-control-socket=" + socket);
        return new Launch(args, Map.of(), new Faults() {
            private FaultControlClient client() {
                await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(socket));
                return new FaultControlClient(socket);
            }

            @Override
            public void xid(int gpuIndex, long xid) {
                client().xid(gpuIndex, xid);
            }

            @Override
            public void lose(int gpuIndex) {
                client().lose(gpuIndex);
            }

            @Override
            public void restore(int gpuIndex) {
                client().restore(gpuIndex);
            }
        });
    }

    @Override
    public List<Gpu> gpus(String node) {
        return new SimulatedGpuInventory(NodeProfiles.load(node)).discover().gpus();
    }
}
