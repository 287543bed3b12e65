package io.nvdp.domain.allocation;

import java.util.List;
import java.util.Map;

/**
 * What one container gets for its devices: kubelet's {@code ContainerAllocateResponse}.
 * Maps keep insertion order so answers are stable.
 */
public record ContainerAllocation(
        Map<String, String> envs,
        List<Mount> mounts,
        List<DeviceSpec> deviceSpecs,
        Map<String, String> annotations,
        List<String> cdiDevices) {

    public ContainerAllocation {
        envs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(envs));
        mounts = List.copyOf(mounts);
        deviceSpecs = List.copyOf(deviceSpecs);
        annotations = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(annotations));
        cdiDevices = List.copyOf(cdiDevices);
    }
}
