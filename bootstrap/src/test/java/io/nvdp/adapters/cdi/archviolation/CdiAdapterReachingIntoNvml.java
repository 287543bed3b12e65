package io.nvdp.adapters.cdi.archviolation;

/** Breaks the adapter rule on purpose: the CDI adapter must not use the NVML adapter. */
public class CdiAdapterReachingIntoNvml {
    public Class<?> nvml() {
        return io.nvdp.adapters.nvml.NvmlGpuInventory.class;
    }
}
