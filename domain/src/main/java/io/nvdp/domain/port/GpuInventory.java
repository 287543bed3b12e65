package io.nvdp.domain.port;

import io.nvdp.domain.model.Node;

/** Driven port: discovers the node's GPUs, MIG devices, supported MIG profiles and topology. */
public interface GpuInventory {
    /**
     * Discovers the node. Display adapters ({@code DGX Display}) are already left out.
     *
     * @throws DiscoveryException when the node cannot be read
     */
    Node discover();
}
