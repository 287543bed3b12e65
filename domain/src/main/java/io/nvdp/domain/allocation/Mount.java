package io.nvdp.domain.allocation;

/** A mount for the container, as kubelet's {@code Mount}. */
public record Mount(String containerPath, String hostPath, boolean readOnly) {
}
