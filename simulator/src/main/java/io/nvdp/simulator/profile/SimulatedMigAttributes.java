package io.nvdp.simulator.profile;

import io.nvdp.domain.model.MigAttributes;
import io.nvdp.domain.model.MigProfile;

/**
 * The attributes a simulated MIG device reports, derived from its profile the way an A100 lays them out:
 * 14 multiprocessors per compute slice, one copy engine per GPU slice, a decoder per two GPU slices, and
 * the JPEG decoder and optical flow engine only on a full 7-slice instance. The fake libnvidia-ml.so
 * answers {@code nvmlDeviceGetAttributes} with the same numbers, so both simulation tiers agree.
 */
public final class SimulatedMigAttributes {
    private SimulatedMigAttributes() {
    }

    public static MigAttributes of(MigProfile profile) {
        int gpuSlices = profile.gpuSlices();
        int full = gpuSlices == 7 ? 1 : 0;
        return new MigAttributes(14 * profile.computeSlices(), gpuSlices, profile.computeSlices(), gpuSlices,
                gpuSlices / 2, 0, full, full);
    }
}
