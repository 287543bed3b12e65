package io.nvdp.simulator.profile;

import io.nvdp.domain.model.PcieLevel;
import java.util.Objects;
import java.util.Optional;

/**
 * What joins two GPUs of a profile, by NVML index, after every topology rule of the profile has been
 * applied ({@code nvswitch}, {@code pcieGroups}, {@code pcieDefault}, {@code links}). One entry per
 * unordered pair, {@code a < b}; links are symmetric by construction.
 *
 * @param a           the lower GPU index
 * @param b           the higher GPU index
 * @param pcie        how the pair meets on PCIe, empty when the profile does not say
 * @param nvlinkLanes NVLink lanes between the pair, 0 for none
 */
public record ProfileLink(int a, int b, Optional<PcieLevel> pcie, int nvlinkLanes) {
    public ProfileLink {
        Objects.requireNonNull(pcie, "pcie");
        if (a >= b) {
            throw new IllegalArgumentException("a link is stored with a < b: " + a + "-" + b);
        }
        if (nvlinkLanes < 0) {
            throw new IllegalArgumentException("nvlink lanes must not be negative: " + nvlinkLanes);
        }
    }

    /** Whether this link joins GPU {@code index} to another one. */
    public boolean touches(int index) {
        return a == index || b == index;
    }

    /** The other end of the link, seen from {@code index}. */
    public int other(int index) {
        return index == a ? b : a;
    }
}
