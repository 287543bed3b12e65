package io.nvdp.adapters.config.v1;

import java.util.List;

/** {@code sharing.timeSlicing}; {@link #NONE} when the file has no such section. */
public record TimeSlicing(boolean renameByDefault, boolean failRequestsGreaterThanOne, List<ReplicatedResource> resources) {
    public static final TimeSlicing NONE = new TimeSlicing(false, false, List.of());

    public TimeSlicing {
        resources = List.copyOf(resources);
    }

    public TimeSlicing withResources(List<ReplicatedResource> newResources) {
        return new TimeSlicing(renameByDefault, failRequestsGreaterThanOne, newResources);
    }
}
