package io.nvdp.adapters.config.v1;

import java.util.List;

/**
 * {@code flags.plugin}: options only the device plugin reads. {@code null} means unset.
 * {@code sharedDevicesAllocationPolicy} is upstream HEAD's key, not in v0.14.1.
 */
public record PluginFlags(
        Boolean passDeviceSpecs,
        List<String> deviceListStrategy,
        String deviceIDStrategy,
        String cdiAnnotationPrefix,
        String nvidiaCTKPath,
        String containerDriverRoot,
        String sharedDevicesAllocationPolicy) {

    public static final PluginFlags EMPTY = new PluginFlags(null, null, null, null, null, null, null);

    public PluginFlags {
        deviceListStrategy = deviceListStrategy == null ? null : List.copyOf(deviceListStrategy);
    }
}
