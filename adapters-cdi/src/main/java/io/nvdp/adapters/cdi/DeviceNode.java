package io.nvdp.adapters.cdi;

/**
 * A device node as a spec lists it.
 *
 * @param path      where the container gets it
 * @param hostPath  where the host has it
 * @param type      {@code c} or {@code b}
 */
record DeviceNode(String path, String hostPath, String type, long major, long minor) {
}
