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

    /**
     * The NVLink lanes between two GPUs on one NVSwitch fabric, from how many links each has to the
     * fabric: every pair is all-to-all, over as many lanes as the GPU with fewer fabric links has.
     */
    public static int fabricLanes(int fabricLinksA, int fabricLinksB) {
        return Math.min(fabricLinksA, fabricLinksB);
    }

    /** go-gpuallocator's pair score: PCIe level score plus 100 per NVLink lane. */
    public int score() {
        return (pcie == null ? 0 : pcie.score()) + 100 * nvlinkLanes;
    }
}
