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
 * @param minorNumber           the N of {@code /dev/nvidiaN}; {@value #NO_DEVICE_NODE} for an integrated GPU
 *                              that has no device node of its own (Tegra)
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
        if (minorNumber < NO_DEVICE_NODE) {
            throw new IllegalArgumentException("minor number must not be negative: " + minorNumber);
        }
    }

    /** The minor number of a GPU without a device node of its own. */
    public static final int NO_DEVICE_NODE = -1;

    /** The ID, index and name upstream gives the integrated GPU of a Tegra system. */
    public static final String TEGRA = "tegra";

    /**
     * The integrated GPU of a Tegra system as upstream serves it: ID and name {@code tegra}, index 0,
     * no device node, no NUMA node, no memory or compute capability reported, no MIG.
     */
    public static Gpu tegra() {
        return new Gpu(0, TEGRA, TEGRA, NO_DEVICE_NODE, 0, "", OptionalInt.empty(), new ComputeCapability(0, 0),
                false, List.of(), List.of());
    }

    /** The device node of this GPU, relative to the driver root. */
    public String devicePath() {
        return "/dev/nvidia" + minorNumber;
    }

    /** The device nodes a container needs for this GPU: none for an integrated GPU. */
    public List<String> devicePaths() {
        return minorNumber == NO_DEVICE_NODE ? List.of() : List.of(devicePath());
    }
}
