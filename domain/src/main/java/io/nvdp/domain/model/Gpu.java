package io.nvdp.domain.model;

import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * One physical GPU as discovery found it.
 *
 * @param index                 NVML index (not renumbered when other devices are skipped)
 * @param uuid                  {@code GPU-<uuid>}
 * @param productName           e.g. {@code NVIDIA A100-SXM4-40GB}
 * @param minorNumber           the N of {@code /dev/nvidiaN}
 * @param memoryMiB             total memory
 * @param pciBusId              NVML bus id, e.g. {@code 00000000:3B:00.0}
 * @param numaNode              NUMA node, empty when unknown
 * @param computeCapability     CUDA compute capability
 * @param migEnabled            current MIG mode
 * @param migDevices            MIG devices (empty unless MIG is enabled)
 * @param supportedMigProfiles  the MIG profiles this GPU can create (empty when MIG is unsupported)
 */
public record Gpu(
        int index,
        String uuid,
        String productName,
        int minorNumber,
        long memoryMiB,
        String pciBusId,
        OptionalInt numaNode,
        ComputeCapability computeCapability,
        boolean migEnabled,
        List<MigDevice> migDevices,
        List<MigProfile> supportedMigProfiles) {

    public Gpu {
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(productName, "productName");
        Objects.requireNonNull(numaNode, "numaNode");
        migDevices = List.copyOf(migDevices);
        supportedMigProfiles = List.copyOf(supportedMigProfiles);
    }

    /** The device node of this GPU, relative to the driver root. */
    public String devicePath() {
        return "/dev/nvidia" + minorNumber;
    }
}
