package io.nvdp.simulator.inventory;

import io.nvdp.domain.model.Gpu;
import io.nvdp.domain.model.GpuLink;
import io.nvdp.domain.model.Node;
import io.nvdp.domain.model.Topology;
import io.nvdp.domain.port.DiscoveryException;
import io.nvdp.domain.port.GpuInventory;
import io.nvdp.simulator.profile.NodeProfile;
import io.nvdp.simulator.profile.ProfileLink;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Discovery from a node profile (simulation tier 1): the profile's GPUs less display adapters, their
 * links by UUID, or the profile's init error.
 */
public final class SimulatedGpuInventory implements GpuInventory {
    private final NodeProfile profile;
    private final Node node;

    public SimulatedGpuInventory(NodeProfile profile) {
        this.profile = Objects.requireNonNull(profile, "profile");
        this.node = buildNode(profile);
    }

    /** The profile this inventory reports. */
    public NodeProfile profile() {
        return profile;
    }

    /**
     * @throws DiscoveryException of kind {@code INIT_FAILED} naming the profile's {@code initError}
     */
    @Override
    public Node discover() {
        profile.initError().ifPresent(message -> {
            // NVML's own first line for a failed init; the value is one of its error names.
            throw new DiscoveryException(DiscoveryException.Kind.INIT_FAILED, "Failed to initialize NVML: " + message + ".");
        });
        return node;
    }

    private static Node buildNode(NodeProfile profile) {
        List<Gpu> gpus = profile.discoverableGpus();
        Map<Integer, Gpu> byIndex = gpus.stream().collect(Collectors.toMap(Gpu::index, Function.identity()));
        List<GpuLink> links = new ArrayList<>();
        for (ProfileLink link : profile.links()) {
            Gpu a = byIndex.get(link.a());
            Gpu b = byIndex.get(link.b());
            // Links to display adapters go with them.
            if (a != null && b != null) {
                links.add(new GpuLink(a.uuid(), b.uuid(), link.pcie().orElse(null), link.nvlinkLanes()));
            }
        }
        return new Node(gpus, Topology.of(links));
    }
}
