package io.nvdp.domain.model;

import java.util.Objects;

/**
 * What joins two GPUs (by UUID): their PCIe level (null when unknown) and the number of NVLink
 * lanes between them (0 for none). Links are symmetric.
 */
public record GpuLink(String a, String b, PcieLevel pcie, int nvlinkLanes) {
    public GpuLink {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        if (a.equals(b)) {
            throw new IllegalArgumentException("a GPU cannot link to itself: " + a);
        }
        if (nvlinkLanes < 0) {
            throw new IllegalArgumentException("nvlink lanes must not be negative: " + nvlinkLanes);
        }
    }

    /** go-gpuallocator's pair score: PCIe level score plus 100 per NVLink lane. */
    public int score() {
        return (pcie == null ? 0 : pcie.score()) + 100 * nvlinkLanes;
    }
}
