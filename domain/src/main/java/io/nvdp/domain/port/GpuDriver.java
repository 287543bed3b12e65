package io.nvdp.domain.port;

import io.nvdp.domain.model.DriverVersions;

/** Driven port: the versions of the node's GPU driver and of the CUDA API it supports. */
public interface GpuDriver {
    /**
     * @throws DiscoveryException of kind {@code INIT_FAILED} when the driver cannot be reached
     */
    DriverVersions versions();
}
