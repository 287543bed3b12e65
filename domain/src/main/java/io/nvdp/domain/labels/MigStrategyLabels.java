package io.nvdp.domain.labels;

import io.nvdp.domain.config.MigStrategy;
import io.nvdp.domain.config.TimeSlicing;
import io.nvdp.domain.model.Gpu;
import io.nvdp.domain.model.MigDevice;
import io.nvdp.domain.model.Node;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the {@code single} and {@code mixed} MIG strategies add to a node's labels. */
final class MigStrategyLabels {
    private final Node node;
    private final TimeSlicing timeSlicing;

    MigStrategyLabels(Node node, TimeSlicing timeSlicing) {
        this.node = node;
        this.timeSlicing = timeSlicing;
    }

    /** One MIG profile on the node: its first device (attributes and parent) and how many there are. */
    private record ProfileDevices(Gpu parent, MigDevice first, int count) {
        ProfileDevices plusOne() {
            return new ProfileDevices(parent, first, count + 1);
        }
    }

    void apply(MigStrategy strategy, Map<String, String> labels, List<String> warnings) {
        switch (strategy) {
            case SINGLE -> single(labels, warnings);
            case MIXED -> mixed(labels);
            case NONE -> { }
        }
    }

    private void single(Map<String, String> labels, List<String> warnings) {
        List<Gpu> enabled = node.gpus().stream().filter(Gpu::migEnabled).toList();
        if (enabled.isEmpty()) {
            return;
        }
        Optional<String> invalid = Optional.empty();
        if (enabled.stream().anyMatch(g -> g.migDevices().isEmpty())) {
            invalid = Optional.of("at least one MIG device is enabled but empty");
        } else if (enabled.size() != node.gpus().size()) {
            invalid = Optional.of("devices with MIG enabled and disable detected");
        } else if (byProfile().size() != 1) {
            invalid = Optional.of("more than one MIG device type present on node");
        }
        if (invalid.isPresent()) {
            warnings.add("Invalid configuration detected for mig-strategy=single: " + invalid.get());
            ResourceLabels gpu = new ResourceLabels(GpuFeatureLabeller.GPU, Optional.empty());
            gpu.put(labels, "product", gpu.product(node.gpus().get(0).productName(), "MIG", "INVALID"));
            gpu.put(labels, "count", 0);
            gpu.put(labels, "replicas", 0);
            gpu.put(labels, "memory", 0);
            return;
        }
        byProfile().forEach((profile, devices) ->
                migLabels(labels, new ResourceLabels(GpuFeatureLabeller.GPU, Optional.of(timeSlicing)), profile, devices));
    }

    private void mixed(Map<String, String> labels) {
        byProfile().forEach((profile, devices) -> {
            // Label keys cannot hold the '+' of attribute profiles such as 1g.5gb+me.
            String resource = NodeLabels.PREFIX + "mig-" + labelSafe(profile);
            migLabels(labels, new ResourceLabels(resource, Optional.of(timeSlicing)), profile, devices);
        });
    }

    private static void migLabels(Map<String, String> labels, ResourceLabels resource, String profile,
            ProfileDevices devices) {
        resource.base(labels, devices.count(), devices.parent().productName(), "MIG", labelSafe(profile));
        resource.migAttributes(labels, devices.first().memoryMiB(), devices.first().attributes());
    }

    private static String labelSafe(String profile) {
        return profile.replace('+', '.');
    }

    /** The MIG devices of MIG-enabled GPUs by profile name, in order of first appearance. */
    private Map<String, ProfileDevices> byProfile() {
        Map<String, ProfileDevices> result = new LinkedHashMap<>();
        for (Gpu gpu : node.gpus()) {
            if (!gpu.migEnabled()) {
                continue;
            }
            for (MigDevice mig : gpu.migDevices()) {
                result.merge(mig.profile().name(), new ProfileDevices(gpu, mig, 1), (old, added) -> old.plusOne());
            }
        }
        return result;
    }
}
