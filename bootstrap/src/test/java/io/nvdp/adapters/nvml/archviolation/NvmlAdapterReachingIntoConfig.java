package io.nvdp.adapters.nvml.archviolation;

/** Test fixture: an NVML adapter class that wrongly uses the config adapter. */
public class NvmlAdapterReachingIntoConfig {
    public Class<?> other() {
        return io.nvdp.adapters.config.archviolation.ConfigAdapterClass.class;
    }
}
