package io.nvdp.bootstrap;

import io.nvdp.domain.port.GpuInventory;
import io.nvdp.domain.port.HealthEvents;
import java.util.List;

/**
 * Where the node comes from: the inventory and the health source of one discovery strategy, plus
 * whatever they hold open (a fault control socket) to close on stop.
 */
record NodeSource(String description, GpuInventory inventory, HealthEvents healthEvents, List<AutoCloseable> resources) {
    NodeSource {
        resources = List.copyOf(resources);
    }
}
