package io.nvdp.domain.port;

/** Driven port: which device files exist where the plugin runs (for the optional control nodes). */
public interface DeviceNodes {
    boolean exists(String path);
}
