package io.nvdp.domain.config;

import io.nvdp.domain.model.ResourceName;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of {@code sharing.timeSlicing.resources}, after upstream's runtime restrictions: the
 * devices are always all of them, and {@code rename} is either empty or {@code <name>.shared}.
 */
public record ReplicatedResource(ResourceName name, int replicas, Optional<ResourceName> rename) {
    public ReplicatedResource {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(rename, "rename");
        if (replicas < 2) {
            throw new IllegalArgumentException("number of replicas must be >= 2");
        }
    }

    /** The resource the replicas are advertised under. */
    public ResourceName advertisedAs() {
        return rename.orElse(name);
    }
}
