package io.nvdp.domain.model;

import java.util.Objects;

/**
 * The node's driver as NVML reports it.
 *
 * @param driverVersion     {@code nvmlSystemGetDriverVersion}, e.g. {@code 535.104.05}
 * @param cudaDriverVersion {@code nvmlSystemGetCudaDriverVersion}: major x 1000 + minor x 10, e.g. {@code 12020}
 */
public record DriverVersions(String driverVersion, int cudaDriverVersion) {
    public DriverVersions {
        Objects.requireNonNull(driverVersion, "driverVersion");
    }

    public int cudaMajor() {
        return cudaDriverVersion / 1000;
    }

    public int cudaMinor() {
        return cudaDriverVersion % 1000 / 10;
    }
}
