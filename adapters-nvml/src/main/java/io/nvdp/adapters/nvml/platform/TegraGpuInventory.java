package io.nvdp.adapters.nvml.platform;

import io.nvdp.domain.model.Node;
import io.nvdp.domain.port.GpuInventory;

/**
 * Discovery on a Tegra system without NVML: the one integrated GPU upstream serves there
 * ({@link Node#tegra()}). There is nothing to query; the GPU is there when the platform is Tegra.
 */
public final class TegraGpuInventory implements GpuInventory {
    @Override
    public Node discover() {
        return Node.tegra();
    }
}
