package io.nvdp.domain.cdi;

import java.util.List;

/**
 * The CDI device classes the plugin defines under its vendor, one spec file each. A class names
 * the device nodes its {@code all} device takes from the host, where the driver does not tell.
 */
public enum CdiClass {
    GPU("gpu", List.of()),
    GDS("gds", List.of("/dev/nvidia-fs*")),
    MOFED("mofed", List.of("/dev/infiniband/uverbs*", "/dev/infiniband/rdma_cm"));

    /** The vendor of every device this plugin defines. */
    public static final String VENDOR = "k8s.device-plugin.nvidia.com";

    private final String className;
    private final List<String> hostDeviceNodes;

    CdiClass(String className, List<String> hostDeviceNodes) {
        this.className = className;
        this.hostDeviceNodes = hostDeviceNodes;
    }

    /** The class part of the kind: {@code gpu}. */
    public String className() {
        return className;
    }

    /** {@code k8s.device-plugin.nvidia.com/gpu}. */
    public String kind() {
        return VENDOR + "/" + className;
    }

    /** The fully qualified name a runtime resolves: {@code k8s.device-plugin.nvidia.com/gpu=<device>}. */
    public String qualifiedName(String device) {
        return kind() + "=" + device;
    }

    /**
     * Device nodes (container paths, {@code *} matching any file name suffix) that this class's
     * {@code all} device takes wherever they exist on the host; empty for GPUs, whose nodes are known.
     */
    public List<String> hostDeviceNodes() {
        return hostDeviceNodes;
    }
}
