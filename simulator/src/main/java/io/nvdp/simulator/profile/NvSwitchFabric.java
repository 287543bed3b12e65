package io.nvdp.simulator.profile;

import java.util.Set;

/**
 * A profile's NVSwitch fabric: how many switches it has, and how many NVLinks each member GPU has
 * into it (spread over the switches in turn). Member GPUs reach each other all-to-all through it.
 *
 * @param switches    the number of NVSwitches
 * @param linksPerGpu NVLinks from each member GPU to the fabric
 * @param gpus        the member GPUs, by NVML index
 */
public record NvSwitchFabric(int switches, int linksPerGpu, Set<Integer> gpus) {
    public NvSwitchFabric {
        if (switches < 1) {
            throw new IllegalArgumentException("a fabric needs a switch: " + switches);
        }
        if (linksPerGpu < 1) {
            throw new IllegalArgumentException("a fabric member needs a link: " + linksPerGpu);
        }
        gpus = Set.copyOf(gpus);
    }

    /** The switch (0-based) that link {@code link} of a member GPU ends at. */
    public int switchOf(int link) {
        return link % switches;
    }
}
