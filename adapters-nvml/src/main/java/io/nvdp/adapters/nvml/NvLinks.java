package io.nvdp.adapters.nvml;

import io.nvdp.domain.model.GpuLink;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * One GPU's active NVLinks as NVML reports them: links that end at another GPU (by lower-cased bus
 * id, one entry per link) and links that end at an NVSwitch (the switches' bus ids, and how many
 * links). GPUs whose links reach a common switch are on one fabric, so each reaches every other GPU
 * of the fabric over its switch links.
 */
record NvLinks(List<String> gpuRemotes, Set<String> switches, int switchLinks) {
    NvLinks {
        gpuRemotes = List.copyOf(gpuRemotes);
        switches = Set.copyOf(switches);
    }

    /** NVLink lanes from this GPU to {@code other}, whose bus id is {@code otherBusId}: direct plus fabric. */
    int lanesTo(String otherBusId, NvLinks other) {
        int direct = (int) gpuRemotes.stream().filter(otherBusId::equals).count();
        boolean sameFabric = !Collections.disjoint(switches, other.switches);
        return direct + (sameFabric ? GpuLink.fabricLanes(switchLinks, other.switchLinks) : 0);
    }
}
