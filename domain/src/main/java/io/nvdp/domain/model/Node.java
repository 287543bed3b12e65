package io.nvdp.domain.model;

import java.util.List;
import java.util.Objects;

/** Everything discovery found on a node: its GPUs (display adapters already skipped) and their links. */
public record Node(List<Gpu> gpus, Topology topology) {
    public Node {
        gpus = List.copyOf(gpus);
        Objects.requireNonNull(topology, "topology");
    }

    /** A Tegra system: its one integrated GPU ({@link Gpu#tegra()}), no topology. */
    public static Node tegra() {
        return new Node(List.of(Gpu.tegra()), Topology.empty());
    }
}
