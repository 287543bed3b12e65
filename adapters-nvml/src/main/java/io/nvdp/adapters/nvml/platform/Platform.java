package io.nvdp.adapters.nvml.platform;

/** What platform detection chose to serve. */
public enum Platform {
    /** Discrete GPUs through NVML. */
    NVML,
    /** The integrated GPU of a Tegra system, without NVML. */
    TEGRA,
    /** Neither NVML nor Tegra: nothing to serve. */
    NONE
}
