package io.nvdp.domain.allocation;

/** A device node for the container, as kubelet's {@code DeviceSpec}. */
public record DeviceSpec(String containerPath, String hostPath, String permissions) {
}
