package io.nvdp.bootstrap;

import io.nvdp.domain.port.GpuInventory;
import io.nvdp.domain.port.HealthEvents;
import java.util.List;

/**
 * Where the node comes from: the inventory and the health source of one discovery strategy, plus
 * whatever they hold open (a fault control socket) to close on stop, and whether CDI specs can
 * describe its devices (not on Tegra, where upstream disables CDI).
 */
record NodeSource(String description, GpuInventory inventory, HealthEvents healthEvents, List<AutoCloseable> resources,
        boolean cdiSupported) {
    NodeSource {
        resources = List.copyOf(resources);
    }

    NodeSource(String description, GpuInventory inventory, HealthEvents healthEvents, List<AutoCloseable> resources) {
        this(description, inventory, healthEvents, resources, true);
    }
}
