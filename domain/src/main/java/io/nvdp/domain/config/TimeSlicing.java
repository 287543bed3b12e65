package io.nvdp.domain.config;

import java.util.List;
import java.util.Optional;

/** {@code sharing.timeSlicing}, validated. {@link #NONE} when sharing is not configured. */
public record TimeSlicing(boolean renameByDefault, boolean failRequestsGreaterThanOne, List<ReplicatedResource> resources) {
    public static final TimeSlicing NONE = new TimeSlicing(false, false, List.of());

    public TimeSlicing {
        resources = List.copyOf(resources);
    }

    public boolean isConfigured() {
        return !resources.isEmpty();
    }

    public Optional<ReplicatedResource> forResource(io.nvdp.domain.model.ResourceName name) {
        return resources.stream().filter(r -> r.name().equals(name)).findFirst();
    }
}
