package io.nvdp.domain.model;

/** CUDA compute capability, e.g. 8.0 for an A100. */
public record ComputeCapability(int major, int minor) {
    public ComputeCapability {
        if (major < 0 || minor < 0) {
            throw new IllegalArgumentException("compute capability must not be negative: " + major + "." + minor);
        }
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}
