package io.nvdp.domain.allocation;

import java.util.List;

/** One container's {@code ContainerPreferredAllocationRequest}. */
public record PreferredAllocationRequest(List<String> available, List<String> mustInclude, int size) {
    public PreferredAllocationRequest {
        available = List.copyOf(available);
        mustInclude = List.copyOf(mustInclude);
    }
}
