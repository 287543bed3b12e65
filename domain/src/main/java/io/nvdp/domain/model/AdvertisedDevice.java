package io.nvdp.domain.model;

import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A device as one resource advertises it to kubelet.
 *
 * @param id        the ID kubelet sees: a GPU or MIG UUID, or {@code <uuid>::<n>} for a replica
 * @param index     {@code "<i>"} for a GPU, {@code "<i>:<j>"} for a MIG device
 * @param uuid      the GPU or MIG UUID, without replica annotation
 * @param gpuUuid   the physical GPU behind it (the parent for a MIG device)
 * @param replica   the replica number, empty when the device is not replicated
 * @param paths     device nodes relative to the driver root: {@code /dev/nvidiaN} (+ MIG capability nodes)
 * @param numaNode  NUMA node, empty when unknown
 * @param health    current health
 */
public record AdvertisedDevice(
        String id,
        String index,
        String uuid,
        String gpuUuid,
        OptionalInt replica,
        List<String> paths,
        OptionalInt numaNode,
        Health health) {

    public AdvertisedDevice {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(index, "index");
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(gpuUuid, "gpuUuid");
        Objects.requireNonNull(replica, "replica");
        paths = List.copyOf(paths);
        Objects.requireNonNull(numaNode, "numaNode");
        Objects.requireNonNull(health, "health");
    }

    /** A device is a MIG device iff its index contains {@code :} (as upstream decides). */
    public boolean isMig() {
        return index.indexOf(':') >= 0;
    }

    public AdvertisedDevice withHealth(Health newHealth) {
        return newHealth == health ? this
                : new AdvertisedDevice(id, index, uuid, gpuUuid, replica, paths, numaNode, newHealth);
    }
}
