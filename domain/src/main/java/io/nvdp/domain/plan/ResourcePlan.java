package io.nvdp.domain.plan;

import io.nvdp.domain.DomainException;
import io.nvdp.domain.config.MigStrategy;
import io.nvdp.domain.config.PluginConfig;
import io.nvdp.domain.config.ReplicatedResource;
import io.nvdp.domain.model.AdvertisedDevice;
import io.nvdp.domain.model.Gpu;
import io.nvdp.domain.model.Health;
import io.nvdp.domain.model.MigDevice;
import io.nvdp.domain.model.MigProfile;
import io.nvdp.domain.model.Node;
import io.nvdp.domain.model.ResourceName;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which devices each resource advertises (spec 3.2-3.4, 5.1): the default resource patterns, the MIG
 * strategy rules, display adapters left out, then time-slicing replicas. Only resources with at least
 * one device are listed, sorted by name; devices are ordered by GPU index, MIG slot, then replica.
 */
public final class ResourcePlan {
    /** Annotation between a device UUID and its replica number. */
    public static final String REPLICA_SEPARATOR = "::";
    /**
     * The most devices one resource advertises (GPUs or MIG devices times replicas): its device list
     * stays well inside one ListAndWatch message and a small heap.
     */
    public static final int MAX_DEVICES_PER_RESOURCE = 16_384;
    /** The most devices a node advertises over all its resources. */
    public static final int MAX_DEVICES_PER_NODE = 32_768;

    private static final Set<String> SKIPPED_PRODUCTS = Set.of("DGX Display", "NVIDIA DGX Display");
    private static final Comparator<AdvertisedDevice> PLAN_ORDER = Comparator
            .comparingInt((AdvertisedDevice d) -> gpuIndexOf(d.index()))
            .thenComparingInt(d -> slotOf(d.index()))
            .thenComparingInt(d -> d.replica().orElse(-1));

    private final List<ResourceDevices> resources;
    private final List<ResourcePattern> gpuPatterns;
    private final List<ResourcePattern> migPatterns;
    private final List<String> warnings;

    private ResourcePlan(List<ResourceDevices> resources, List<ResourcePattern> gpuPatterns,
            List<ResourcePattern> migPatterns, List<String> warnings) {
        this.resources = List.copyOf(resources);
        this.gpuPatterns = List.copyOf(gpuPatterns);
        this.migPatterns = List.copyOf(migPatterns);
        this.warnings = List.copyOf(warnings);
    }

    /**
     * Plans the node's resources with upstream's default patterns (user-supplied {@code resources}
     * are ignored upstream, so there is nothing else to pass).
     *
     * @throws DomainException with upstream's text for an invalid MIG configuration
     */
    public static ResourcePlan of(Node node, PluginConfig config) {
        List<Gpu> gpus = visibleGpus(node);
        return of(node, config, defaultGpuPatterns(), defaultMigPatterns(gpus, config.migStrategy()));
    }

    /** Plans with explicit patterns (the first matching pattern wins). */
    public static ResourcePlan of(Node node, PluginConfig config, List<ResourcePattern> gpuPatterns,
            List<ResourcePattern> migPatterns) {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(config, "config");
        List<String> warnings = new ArrayList<>();
        node.gpus().stream().filter(g -> SKIPPED_PRODUCTS.contains(g.productName()))
                .forEach(g -> warnings.add("Skipping display adapter '" + g.productName() + "' at index " + g.index()));
        List<Gpu> gpus = visibleGpus(node);

        Map<ResourceName, List<AdvertisedDevice>> byResource = new TreeMap<>();
        int fullGpuDevices = 0;
        for (Gpu gpu : gpus) {
            if (gpu.migEnabled() && config.migStrategy() != MigStrategy.NONE) {
                continue;
            }
            ResourceName name = gpuPatterns.stream().filter(p -> p.matches(gpu.productName())).findFirst()
                    .map(ResourcePattern::name)
                    .orElseThrow(() -> new DomainException(
                            "GPU name '" + gpu.productName() + "' does not match any resource patterns"));
            byResource.computeIfAbsent(name, n -> new ArrayList<>()).add(fullGpu(gpu));
            fullGpuDevices++;
        }

        if (config.migStrategy() != MigStrategy.NONE) {
            int migDevices = 0;
            for (Gpu gpu : gpus) {
                if (!gpu.migEnabled()) {
                    continue;
                }
                for (MigDevice mig : gpu.migDevices()) {
                    String profile = mig.profile().name();
                    ResourceName name = migPatterns.stream().filter(p -> p.matches(profile)).findFirst()
                            .map(ResourcePattern::name)
                            .orElseThrow(() -> new DomainException(
                                    "MIG profile '" + profile + "' does not match any resource patterns"));
                    byResource.computeIfAbsent(name, n -> new ArrayList<>()).add(migDevice(gpu, mig));
                    migDevices++;
                }
            }
            assertMigDevicesValid(gpus, config.migStrategy() == MigStrategy.SINGLE);
            if (config.migStrategy() == MigStrategy.SINGLE && fullGpuDevices > 0 && migDevices > 0) {
                throw new DomainException("all devices on the node must be configured with the same migEnabled value");
            }
        }

        Map<ResourceName, List<AdvertisedDevice>> replicated = replicate(byResource, config, warnings);
        List<ResourceDevices> resources = new ArrayList<>();
        replicated.forEach((name, devices) -> {
            if (!devices.isEmpty()) {
                List<AdvertisedDevice> sorted = new ArrayList<>(devices);
                sorted.sort(PLAN_ORDER);
                resources.add(new ResourceDevices(name, sorted));
            }
        });
        return new ResourcePlan(resources, gpuPatterns, migPatterns, warnings);
    }

    /** Upstream's only GPU pattern: {@code *} -> {@code nvidia.com/gpu}. */
    public static List<ResourcePattern> defaultGpuPatterns() {
        return List.of(new ResourcePattern("*", ResourceName.GPU));
    }

    /**
     * Upstream's MIG patterns (spec 3.2): none for {@code none}; {@code *} -> {@code nvidia.com/gpu}
     * for {@code single}; for {@code mixed} one per distinct profile with as many compute slices as GPU
     * slices, named {@code mig-<profile>} with {@code +} turned into {@code .}.
     */
    public static List<ResourcePattern> defaultMigPatterns(List<Gpu> gpus, MigStrategy strategy) {
        return switch (strategy) {
            case NONE -> List.of();
            case SINGLE -> List.of(new ResourcePattern("*", ResourceName.GPU));
            case MIXED -> {
                Set<String> profiles = new LinkedHashSet<>();
                for (Gpu gpu : gpus) {
                    // Existing devices' profiles count too, in case an inventory reports no supported list.
                    gpu.supportedMigProfiles().stream().filter(MigProfile::isFullGpuInstance)
                            .forEach(p -> profiles.add(p.name()));
                    gpu.migDevices().stream().map(MigDevice::profile).filter(MigProfile::isFullGpuInstance)
                            .forEach(p -> profiles.add(p.name()));
                }
                yield profiles.stream()
                        .map(p -> new ResourcePattern(p, ResourceName.of("mig-" + p.replace('+', '.'))))
                        .toList();
            }
        };
    }

    /** The resources with at least one device, sorted by name. */
    public List<ResourceDevices> resources() {
        return resources;
    }

    public Optional<ResourceDevices> resource(ResourceName name) {
        return resources.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    /** The GPU patterns the plan used (for the "Running with config" dump). */
    public List<ResourcePattern> gpuPatterns() {
        return gpuPatterns;
    }

    /** The MIG patterns the plan used. */
    public List<ResourcePattern> migPatterns() {
        return migPatterns;
    }

    /** Things worth logging that did not stop the plan. */
    public List<String> warnings() {
        return warnings;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ResourcePlan p && resources.equals(p.resources);
    }

    @Override
    public int hashCode() {
        return resources.hashCode();
    }

    @Override
    public String toString() {
        return "ResourcePlan" + resources;
    }

    /** The node's GPUs without its display adapters. */
    public static List<Gpu> visibleGpus(Node node) {
        return node.gpus().stream().filter(g -> !SKIPPED_PRODUCTS.contains(g.productName())).toList();
    }

    /** The device a full GPU is advertised as (before replicas). */
    public static AdvertisedDevice fullGpu(Gpu gpu) {
        return new AdvertisedDevice(gpu.uuid(), Integer.toString(gpu.index()), gpu.uuid(), gpu.uuid(),
                OptionalInt.empty(), gpu.devicePaths(), gpu.numaNode(), Health.HEALTHY);
    }

    /**
     * The device a MIG device is advertised as (before replicas).
     *
     * @throws DomainException when a capability node of the MIG device is missing
     */
    public static AdvertisedDevice migDevice(Gpu gpu, MigDevice mig) {
        List<String> caps = mig.capabilityDevicePaths();
        if (caps.size() < 2) {
            String base = "/proc/driver/nvidia/capabilities/gpu" + gpu.minorNumber() + "/mig/gi" + mig.gpuInstanceId();
            String missing = caps.isEmpty() ? base + "/access" : base + "/ci" + mig.computeInstanceId() + "/access";
            throw new DomainException("missing MIG GPU instance capability path: " + missing);
        }
        List<String> paths = new ArrayList<>();
        paths.add(gpu.devicePath());
        paths.addAll(caps);
        return new AdvertisedDevice(mig.uuid(), gpu.index() + ":" + mig.slot(), mig.uuid(), gpu.uuid(),
                OptionalInt.empty(), paths, gpu.numaNode(), Health.HEALTHY);
    }

    /**
     * Every MIG-enabled GPU needs a MIG device; for {@code single}, all MIG devices must be alike.
     * v0.14.1 always printed {@code device 0} here (spec 3.4 [quirk]); the text is kept, with the real
     * index.
     */
    private static void assertMigDevicesValid(List<Gpu> gpus, boolean uniform) {
        for (Gpu gpu : gpus) {
            if (gpu.migEnabled() && gpu.migDevices().isEmpty()) {
                throw new DomainException("invalid MIG configuration: At least one device with migEnabled=true was"
                        + " not configured correctly: error visiting device: device " + gpu.index()
                        + " has an invalid MIG configuration");
            }
        }
        if (!uniform) {
            return;
        }
        MigDevice first = null;
        for (Gpu gpu : gpus) {
            if (!gpu.migEnabled()) {
                continue;
            }
            for (MigDevice mig : gpu.migDevices()) {
                if (first == null) {
                    first = mig;
                } else if (!first.profile().equals(mig.profile()) || first.memoryMiB() != mig.memoryMiB()) {
                    throw new DomainException("invalid MIG configuration: more than one MIG device type present on node");
                }
            }
        }
    }

    /** Spec 5.1: each device of a replicated resource becomes N {@code <uuid>::<n>} copies. */
    private static Map<ResourceName, List<AdvertisedDevice>> replicate(Map<ResourceName, List<AdvertisedDevice>> plain,
            PluginConfig config, List<String> warnings) {
        List<ReplicatedResource> shared = config.timeSlicing().resources();
        if (shared.isEmpty()) {
            return plain;
        }
        Map<ResourceName, List<AdvertisedDevice>> result = new TreeMap<>();
        Set<ResourceName> sharedNames = new LinkedHashSet<>();
        shared.forEach(r -> sharedNames.add(r.name()));
        plain.forEach((name, devices) -> {
            if (!sharedNames.contains(name)) {
                result.computeIfAbsent(name, n -> new ArrayList<>()).addAll(devices);
            }
        });
        Map<ResourceName, ReplicatedResource> firstByName = new LinkedHashMap<>();
        shared.forEach(r -> firstByName.putIfAbsent(r.name(), r));
        checkLimits(plain, result, firstByName.values());
        for (ReplicatedResource r : firstByName.values()) {
            List<AdvertisedDevice> devices = plain.getOrDefault(r.name(), List.of());
            if (devices.isEmpty()) {
                warnings.add("sharing.timeSlicing resource '" + r.name() + "' has no devices on this node; ignoring it");
                continue;
            }
            List<AdvertisedDevice> target = result.computeIfAbsent(r.advertisedAs(), n -> new ArrayList<>());
            for (AdvertisedDevice d : devices) {
                for (int i = 0; i < r.replicas(); i++) {
                    target.add(new AdvertisedDevice(d.uuid() + REPLICA_SEPARATOR + i, d.index(), d.uuid(), d.gpuUuid(),
                            OptionalInt.of(i), d.paths(), d.numaNode(), d.health()));
                }
            }
        }
        return result;
    }

    /**
     * Counts what replication would advertise before a single copy is made, so that the count, not
     * the memory, refuses a config.
     */
    private static void checkLimits(Map<ResourceName, List<AdvertisedDevice>> plain,
            Map<ResourceName, List<AdvertisedDevice>> unshared, Iterable<ReplicatedResource> shared) {
        Map<ResourceName, Long> counts = new TreeMap<>();
        unshared.forEach((name, devices) -> counts.put(name, (long) devices.size()));
        for (ReplicatedResource r : shared) {
            int devices = plain.getOrDefault(r.name(), List.of()).size();
            long count = counts.merge(r.advertisedAs(), (long) devices * r.replicas(), Long::sum);
            if (count > MAX_DEVICES_PER_RESOURCE) {
                throw new DomainException("sharing.timeSlicing resource '" + r.name() + "' with replicas "
                        + r.replicas() + " on " + devices + " devices would advertise " + count + " devices as '"
                        + r.advertisedAs() + "', over the limit of " + MAX_DEVICES_PER_RESOURCE + " devices per resource");
            }
        }
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        if (total > MAX_DEVICES_PER_NODE) {
            throw new DomainException("the node's resources would advertise " + total
                    + " devices, over the limit of " + MAX_DEVICES_PER_NODE + " devices per node");
        }
    }

    private static int gpuIndexOf(String index) {
        int colon = index.indexOf(':');
        return parse(colon < 0 ? index : index.substring(0, colon));
    }

    private static int slotOf(String index) {
        int colon = index.indexOf(':');
        return colon < 0 ? -1 : parse(index.substring(colon + 1));
    }

    private static int parse(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
    }
}
