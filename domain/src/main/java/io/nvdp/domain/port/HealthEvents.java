package io.nvdp.domain.port;

import io.nvdp.domain.model.Node;
import java.util.function.Consumer;

/** Driven port: the source of health facts about the node's GPUs (NVML events, simulator faults). */
public interface HealthEvents {

    /**
     * Starts watching the GPUs and MIG devices of {@code node}; every fact goes to {@code sink}
     * (from the source's own thread). Raw Xids are delivered: which ones matter is the domain's call.
     *
     * @return a handle whose {@code close()} stops promptly and leaves no thread behind
     */
    Watch start(Node node, Consumer<HealthEvent> sink);

    /** Asks the source, now, whether a GPU (by UUID) is usable again; used to recover devices. */
    boolean isUsable(String gpuUuid);

    /** A running watch. */
    interface Watch extends AutoCloseable {
        @Override
        void close();
    }
}
