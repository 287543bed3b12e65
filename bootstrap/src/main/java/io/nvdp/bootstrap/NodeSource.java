package io.nvdp.bootstrap;

import io.nvdp.domain.port.GpuInventory;
import io.nvdp.domain.port.HealthEvents;
import java.util.List;
import java.util.function.Supplier;

/**
 * Where the node comes from: the inventory and the health source of one discovery strategy, plus
 * whatever they hold open (a fault control socket) to close on stop, whether CDI specs can describe
 * its devices (not on Tegra, where upstream disables CDI), and where the driver's version comes from
 * (for the CDI specs).
 */
record NodeSource(String description, GpuInventory inventory, HealthEvents healthEvents, List<AutoCloseable> resources,
        boolean cdiSupported, Supplier<String> driverVersion) {
    NodeSource {
        resources = List.copyOf(resources);
    }

    /** A source whose driver version is asked for only when CDI specs are written. */
    NodeSource(String description, GpuInventory inventory, HealthEvents healthEvents, List<AutoCloseable> resources,
            Supplier<String> driverVersion) {
        this(description, inventory, healthEvents, resources, true, driverVersion);
    }
}
