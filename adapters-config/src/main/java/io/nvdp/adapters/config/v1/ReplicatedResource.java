package io.nvdp.adapters.config.v1;

import io.nvdp.domain.model.ResourceName;
import java.util.Objects;

/**
 * One entry of {@code sharing.timeSlicing.resources} as written in the file (before upstream's
 * runtime restrictions). {@code rename} is {@code null} when not given.
 */
public record ReplicatedResource(ResourceName name, ResourceName rename, ReplicatedDevices devices, int replicas) {
    public ReplicatedResource {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(devices, "devices");
    }

    public ReplicatedResource withRename(ResourceName newRename) {
        return new ReplicatedResource(name, newRename, devices, replicas);
    }

    public ReplicatedResource withDevices(ReplicatedDevices newDevices) {
        return new ReplicatedResource(name, rename, newDevices, replicas);
    }
}
