package io.nvdp.adapters.nvml;

import io.nvdp.adapters.nvml.binding.NvmlConstants;
import io.nvdp.domain.model.MigProfile;
import java.util.List;

/** go-nvlib's MIG profile naming from NVML profile indices and memory sizes. */
final class MigProfiles {
    private MigProfiles() {
    }

    /** The profile of a GPU instance profile index + compute instance profile index. */
    static MigProfile of(int gpuInstanceProfile, int computeInstanceProfile, long migMemoryMb, long deviceMemoryBytes) {
        int g = NvmlConstants.gpuInstanceSlices(gpuInstanceProfile);
        int c = NvmlConstants.computeInstanceSlices(computeInstanceProfile);
        List<String> attributes = NvmlConstants.hasMediaExtensions(gpuInstanceProfile) ? List.of("me") : List.of();
        return new MigProfile(c, g, memoryGb(deviceMemoryBytes, migMemoryMb), attributes);
    }

    /**
     * go-nvlib's rounding: the instance's share of the device memory rounded up to eighths, times
     * the device memory in whole GB (rounded up), rounded to the nearest GB.
     */
    static int memoryGb(long deviceMemoryBytes, long migMemoryMb) {
        double oneMb = 1024.0 * 1024;
        long oneGb = 1024L * 1024 * 1024;
        double fraction = (migMemoryMb * oneMb) / deviceMemoryBytes;
        fraction = Math.ceil(fraction * 8) / 8;
        double totalGb = (double) ((deviceMemoryBytes + oneGb - 1) / oneGb);
        return (int) Math.round(fraction * totalGb);
    }

    /** go-nvlib's heuristic for which compute-instance splits of a G-slice GPU instance exist. */
    static boolean plausible(int c, int g) {
        return c <= g && !(c < g && c * 2 > g + 1);
    }
}
