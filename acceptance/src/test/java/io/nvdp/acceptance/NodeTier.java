package io.nvdp.acceptance;

import io.nvdp.domain.model.Gpu;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * How the scenarios' simulated node reaches the daemon: tier 1, the pure-Java simulator; tier 2,
 * the real NVML adapter over the fake libnvidia-ml.so, fed by the same profile. The surefire
 * execution picks one with the system property {@code nvdp.tier}.
 */
interface NodeTier {

    static NodeTier current() {
        String tier = System.getProperty("nvdp.tier", "simulated");
        return switch (tier) {
            case "simulated" -> new SimulatedTier();
            case "nvml" -> new FakeNvmlTier();
            default -> throw new IllegalArgumentException("unknown nvdp.tier: " + tier);
        };
    }

    /** Flags and env vars that make the daemon find {@code node}, and the handle to inject faults. */
    Launch launch(String node, Path workDir);

    /** The GPUs of the node, as discovery reports them. */
    List<Gpu> gpus(String node);

    record Launch(List<String> args, Map<String, String> env, Faults faults) {
    }

    /** Faults injected into the running node. */
    interface Faults extends AutoCloseable {
        void xid(int gpuIndex, long xid);

        void lose(int gpuIndex);

        void restore(int gpuIndex);

        @Override
        default void close() {
        }
    }
}
