package io.nvdp.domain.plugin;

import io.nvdp.domain.allocation.AllocationException;
import io.nvdp.domain.allocation.ContainerAllocation;
import io.nvdp.domain.allocation.PreferredAllocationRequest;
import io.nvdp.domain.config.PluginConfig;
import io.nvdp.domain.model.AdvertisedDevice;
import io.nvdp.domain.model.GpuLink;
import io.nvdp.domain.model.Health;
import io.nvdp.domain.model.ResourceName;
import io.nvdp.domain.model.Topology;
import io.nvdp.domain.plan.ResourceDevices;
import io.nvdp.domain.plan.ResourcePlan;
import io.nvdp.domain.policy.BestEffortPolicy;
import io.nvdp.domain.policy.ReplicaPolicy;
import io.nvdp.domain.port.DeviceNodes;
import io.nvdp.domain.port.DevicePlugin;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One advertised resource: its devices and their health, Allocate and GetPreferredAllocation, all
 * from memory. Thread-safe: health updates and watchers are serialised on this object; allocation
 * reads an immutable snapshot.
 */
public final class ResourceDevicePlugin implements DevicePlugin {
    private final ResourceName resource;
    private final PluginConfig config;
    private final AllocationBuilder builder;
    private final Map<String, Integer> unitTotals;
    private final boolean anyMig;
    private final Set<String> gpusWithTopology;
    private final Topology topology;

    /** The devices and their index by ID, replaced together when health changes. */
    private volatile Indexed current;
    private final List<Watcher> watchers = new CopyOnWriteArrayList<>();
    private boolean stopped;

    /**
     * @param responseIdSupplier fresh IDs for the CDI annotation key (random UUIDs in production)
     */
    public ResourceDevicePlugin(ResourceDevices devices, PluginConfig config, Topology topology,
            DeviceNodes deviceNodes, Supplier<String> responseIdSupplier) {
        Objects.requireNonNull(devices, "devices");
        this.resource = devices.name();
        this.config = Objects.requireNonNull(config, "config");
        this.topology = Objects.requireNonNull(topology, "topology");
        this.builder = new AllocationBuilder(config, Objects.requireNonNull(deviceNodes, "deviceNodes"),
                Objects.requireNonNull(responseIdSupplier, "responseIdSupplier"));
        this.current = Indexed.of(devices.devices());
        List<String> allIds = devices.devices().stream().map(AdvertisedDevice::id).distinct().toList();
        // A device's GPU never changes with its health: the per-GPU totals hold for the plugin's life.
        Map<String, AdvertisedDevice> byId = current.byId();
        this.unitTotals = ReplicaPolicy.unitTotals(allIds, id -> byId.get(id).uuid());
        this.anyMig = devices.devices().stream().anyMatch(AdvertisedDevice::isMig);
        Set<String> known = new HashSet<>();
        for (GpuLink link : topology.links()) {
            known.add(link.a());
            known.add(link.b());
        }
        this.gpusWithTopology = Set.copyOf(known);
    }

    @Override
    public ResourceName resource() {
        return resource;
    }

    @Override
    public List<AdvertisedDevice> devices() {
        return current.devices();
    }

    /** The devices as one value, e.g. to compare with a new plan. */
    public ResourceDevices snapshot() {
        return new ResourceDevices(resource, current.devices());
    }

    @Override
    public synchronized DeviceWatch watch(DeviceListener listener) {
        Objects.requireNonNull(listener, "listener");
        listener.devicesChanged(current.devices());
        if (stopped) {
            listener.closed();
            return () -> { };
        }
        Watcher watcher = new Watcher(listener);
        watchers.add(watcher);
        return () -> {
            synchronized (ResourceDevicePlugin.this) {
                watchers.remove(watcher);
            }
        };
    }

    /** Ends every watch ({@link DeviceListener#closed()}); later watches close at once. Idempotent. */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        for (Watcher w : watchers) {
            w.listener.closed();
        }
        watchers.clear();
    }

    /**
     * Stops a resource that is no longer advertised: every watcher first gets an empty device list,
     * so kubelet sees the capacity drop to zero, then the watch ends. Idempotent.
     */
    public synchronized void retire() {
        if (stopped) {
            return;
        }
        for (Watcher w : watchers) {
            w.listener.devicesChanged(List.of());
        }
        stop();
    }

    public synchronized boolean isStopped() {
        return stopped;
    }

    /**
     * Sets each device's health to {@code healthOf(device)}; when anything changed, every watcher gets
     * the full list.
     *
     * @return the devices whose health changed, with their new health
     */
    public synchronized List<AdvertisedDevice> updateHealth(Function<AdvertisedDevice, Health> healthOf) {
        List<AdvertisedDevice> previous = current.devices();
        List<AdvertisedDevice> next = new ArrayList<>(previous.size());
        List<AdvertisedDevice> changed = new ArrayList<>();
        for (AdvertisedDevice d : previous) {
            Health h = Objects.requireNonNull(healthOf.apply(d), "health");
            AdvertisedDevice updated = d.withHealth(h);
            if (updated != d) {
                changed.add(updated);
            }
            next.add(updated);
        }
        if (!changed.isEmpty()) {
            Indexed updated = Indexed.of(List.copyOf(next));
            current = updated;
            if (!stopped) {
                for (Watcher w : watchers) {
                    w.listener.devicesChanged(updated.devices());
                }
            }
        }
        return changed;
    }

    @Override
    public List<ContainerAllocation> allocate(List<List<String>> containerRequests) {
        Map<String, AdvertisedDevice> byId = current.byId();
        List<ContainerAllocation> responses = new ArrayList<>();
        for (List<String> ids : containerRequests) {
            if (config.timeSlicing().failRequestsGreaterThanOne() && ids.size() > 1
                    && ids.stream().anyMatch(id -> id.contains(ResourcePlan.REPLICA_SEPARATOR))) {
                throw new AllocationException("request for '" + resource + ": " + ids.size()
                        + "' too large: maximum request size for shared resources is 1");
            }
            List<AdvertisedDevice> requested = new ArrayList<>(ids.size());
            for (String id : ids) {
                AdvertisedDevice d = byId.get(id);
                if (d == null) {
                    throw new AllocationException(
                            "invalid allocation request for '" + resource + "': unknown device: " + id);
                }
                requested.add(d);
            }
            responses.add(builder.build(requested));
        }
        return responses;
    }

    @Override
    public List<List<String>> preferredAllocation(List<PreferredAllocationRequest> containerRequests) {
        Map<String, AdvertisedDevice> byId = current.byId();
        List<List<String>> answers = new ArrayList<>();
        for (PreferredAllocationRequest request : containerRequests) {
            answers.add(preferred(request, byId));
        }
        return answers;
    }

    /**
     * Spec 5.3-5.5, made robust: unknown IDs in {@code available} are dropped and unhealthy devices never
     * offered; a device without topology data makes the answer topology-unaware instead of failing. Only
     * impossible requests fail.
     */
    private List<String> preferred(PreferredAllocationRequest request, Map<String, AdvertisedDevice> byId) {
        int size = request.size();
        Set<String> offered = new LinkedHashSet<>(request.available());
        List<String> required = List.copyOf(new LinkedHashSet<>(request.mustInclude()));
        for (String id : required) {
            if (!byId.containsKey(id)) {
                throw new AllocationException("must-include device " + id + " is not a device of " + resource);
            }
            if (!offered.contains(id)) {
                throw new AllocationException("must-include device " + id + " is not among the available devices");
            }
        }
        if (required.size() > size) {
            throw new AllocationException("allocation size " + size + " is smaller than the " + required.size()
                    + " must-include devices");
        }
        if (size <= 0) {
            return List.of();
        }
        Set<String> requiredSet = Set.copyOf(required);
        List<String> usable = new ArrayList<>();
        List<String> candidates = new ArrayList<>();
        for (String id : offered) {
            AdvertisedDevice d = byId.get(id);
            if (d == null) {
                continue;
            }
            // From here on the plugin's own ID strings: same text, and later lookups match them by
            // identity instead of comparing characters (hundreds of IDs on a node with replicas).
            // A must-include device is kubelet's decision, healthy or not.
            if (requiredSet.contains(id)) {
                usable.add(d.id());
            } else if (d.health() == Health.HEALTHY) {
                usable.add(d.id());
                candidates.add(d.id());
            }
        }
        if (usable.size() < size) {
            throw new AllocationException("not enough available devices to satisfy allocation");
        }
        boolean annotated = usable.stream().anyMatch(id -> id.contains(ResourcePlan.REPLICA_SEPARATOR));
        if (!anyMig && !annotated) {
            return aligned(usable, required, size, byId);
        }
        return ReplicaPolicy.allocate(config.sharedAllocationPolicy(), unitTotals, candidates, required,
                size - required.size(), id -> byId.get(id).uuid());
    }

    /** Topology-aware choice among full GPUs; topology-unaware when some GPU has no topology data. */
    private List<String> aligned(List<String> usable, List<String> required, int size,
            Map<String, AdvertisedDevice> byId) {
        int n = usable.size();
        boolean topologyKnown = n <= BestEffortPolicy.MAX_DEVICES
                && usable.stream().allMatch(id -> gpusWithTopology.contains(byId.get(id).gpuUuid()));
        if (!topologyKnown) {
            return firstFit(usable, required, size);
        }
        int[][] scores = new int[n][n];
        for (int i = 0; i < n; i++) {
            String a = byId.get(usable.get(i)).gpuUuid();
            for (int j = i + 1; j < n; j++) {
                String b = byId.get(usable.get(j)).gpuUuid();
                int s = topology.between(a, b).map(GpuLink::score).orElse(0);
                scores[i][j] = s;
                scores[j][i] = s;
            }
        }
        int[] req = new int[required.size()];
        for (int k = 0; k < req.length; k++) {
            req[k] = usable.indexOf(required.get(k));
        }
        int[] picked = BestEffortPolicy.allocate(scores, req, size);
        if (picked.length != size) {
            return firstFit(usable, required, size);
        }
        List<String> result = new ArrayList<>(size);
        for (int p : picked) {
            result.add(usable.get(p));
        }
        return result;
    }

    /** The must-include devices, then the first usable ones in offer order. */
    private static List<String> firstFit(List<String> usable, List<String> required, int size) {
        LinkedHashSet<String> result = new LinkedHashSet<>(required);
        for (String id : usable) {
            if (result.size() == size) {
                break;
            }
            result.add(id);
        }
        return List.copyOf(result);
    }

    /** A device list with its index by ID (the first device of an ID wins), built once per list. */
    private record Indexed(List<AdvertisedDevice> devices, Map<String, AdvertisedDevice> byId) {
        static Indexed of(List<AdvertisedDevice> devices) {
            Map<String, AdvertisedDevice> map = new HashMap<>(devices.size() * 2);
            for (AdvertisedDevice d : devices) {
                map.putIfAbsent(d.id(), d);
            }
            return new Indexed(devices, Collections.unmodifiableMap(map));
        }
    }

    private record Watcher(DeviceListener listener) {
    }
}
