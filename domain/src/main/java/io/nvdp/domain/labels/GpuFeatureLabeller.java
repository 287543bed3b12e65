package io.nvdp.domain.labels;

import io.nvdp.domain.config.MigStrategy;
import io.nvdp.domain.model.DriverVersions;
import io.nvdp.domain.model.Gpu;
import io.nvdp.domain.model.Node;
import io.nvdp.domain.model.ResourceName;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Computes the GPU feature labels of a node, the same labels, key for key and value for value, as
 * gpu-feature-discovery: driver and CUDA versions, machine type, MIG capability, the full GPUs'
 * product, count, replicas, memory and architecture, and what the MIG strategy adds.
 */
public final class GpuFeatureLabeller {
    static final String GPU = ResourceName.GPU.value();

    /** Labels for {@code node}; a node without GPUs gets none. */
    public LabelResult label(Node node, DriverVersions driver, LabelOptions options) {
        if (node.gpus().isEmpty()) {
            return LabelResult.NONE;
        }
        Map<String, String> labels = new TreeMap<>();
        List<String> warnings = new ArrayList<>();
        labels.put(NodeLabels.PREFIX + "gpu.machine", machine(options.machineType()));
        driverLabels(labels, driver);
        boolean migCapable = node.gpus().stream().anyMatch(g -> !g.supportedMigProfiles().isEmpty());
        labels.put(NodeLabels.PREFIX + "mig.capable", String.valueOf(migCapable));
        fullGpuLabels(labels, warnings, node, options);
        if (options.migStrategy() != MigStrategy.NONE) {
            labels.put(NodeLabels.PREFIX + "mig.strategy", options.migStrategy().configValue());
            new MigStrategyLabels(node, options.timeSlicing()).apply(options.migStrategy(), labels, warnings);
        }
        options.timestampSeconds().ifPresent(ts -> labels.put(NodeLabels.PREFIX + "gfd.timestamp", Long.toString(ts)));
        return new LabelResult(NodeLabels.of(labels), warnings);
    }

    private static String machine(Optional<String> fileContent) {
        return fileContent.map(String::strip).orElse("unknown").replace(" ", "-");
    }

    private static void driverLabels(Map<String, String> labels, DriverVersions driver) {
        String version = driver.driverVersion();
        String[] parts = version.split("\\.", -1);
        if (parts.length < 2 || parts.length > 3) {
            throw new LabelException("error getting driver version: Version \"" + version
                    + "\" does not match format \"X.Y[.Z]\"");
        }
        labels.put(NodeLabels.PREFIX + "cuda.driver.major", parts[0]);
        labels.put(NodeLabels.PREFIX + "cuda.driver.minor", parts[1]);
        labels.put(NodeLabels.PREFIX + "cuda.driver.rev", parts.length > 2 ? parts[2] : "");
        labels.put(NodeLabels.PREFIX + "cuda.runtime.major", Integer.toString(driver.cudaMajor()));
        labels.put(NodeLabels.PREFIX + "cuda.runtime.minor", Integer.toString(driver.cudaMinor()));
    }

    /**
     * {@code nvidia.com/gpu.*} from the GPUs by product name: MIG-enabled ones first and without sharing,
     * then the full GPUs, which win where both write a key. The count of a name counts every GPU of it.
     */
    private static void fullGpuLabels(Map<String, String> labels, List<String> warnings, Node node, LabelOptions options) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        Map<String, Gpu> migEnabled = new LinkedHashMap<>();
        Map<String, Gpu> full = new LinkedHashMap<>();
        for (Gpu gpu : node.gpus()) {
            counts.merge(gpu.productName(), 1, Integer::sum);
            (gpu.migEnabled() ? migEnabled : full).putIfAbsent(gpu.productName(), gpu);
        }
        if (counts.size() > 1) {
            warnings.add("Multiple device types detected: " + List.copyOf(counts.keySet()));
        }
        ResourceLabels gpuResource = new ResourceLabels(GPU, Optional.of(options.timeSlicing()));
        migEnabled.forEach((name, gpu) -> gpuLabels(labels, gpuResource.withoutSharing(), gpu, counts.get(name)));
        full.forEach((name, gpu) -> gpuLabels(labels, gpuResource, gpu, counts.get(name)));
    }

    private static void gpuLabels(Map<String, String> labels, ResourceLabels resource, Gpu gpu, int count) {
        resource.base(labels, count, gpu.productName());
        if (gpu.memoryMiB() != 0) {
            resource.put(labels, "memory", gpu.memoryMiB());
        }
        if (gpu.computeCapability().major() != 0) {
            resource.put(labels, "family", GpuFamily.of(gpu.computeCapability()).label());
            resource.put(labels, "compute.major", gpu.computeCapability().major());
            resource.put(labels, "compute.minor", gpu.computeCapability().minor());
        }
    }
}
