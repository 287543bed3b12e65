package io.nvdp.domain.model;

import java.util.List;
import java.util.Objects;

/**
 * One MIG device (a compute instance inside a GPU instance) as discovery found it.
 *
 * @param uuid                   the MIG UUID ({@code MIG-...})
 * @param slot                   the NVML MIG device handle index on its parent (the {@code j} of index {@code i:j})
 * @param profile                its profile
 * @param gpuInstanceId          GPU instance id
 * @param computeInstanceId      compute instance id
 * @param memoryMiB              memory of the instance
 * @param attributes             its multiprocessors, slices and shared engines
 * @param capabilityDevicePaths  the GI access and CI access capability device nodes
 *                               ({@code /dev/nvidia-caps/nvidia-cap<m>}), in that order
 */
public record MigDevice(
        String uuid,
        int slot,
        MigProfile profile,
        int gpuInstanceId,
        int computeInstanceId,
        long memoryMiB,
        MigAttributes attributes,
        List<String> capabilityDevicePaths) {

    public MigDevice {
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(attributes, "attributes");
        capabilityDevicePaths = List.copyOf(capabilityDevicePaths);
    }
}
