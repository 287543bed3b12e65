package io.nvdp.bootstrap;

import io.nvdp.adapters.config.DaemonOptions;
import io.nvdp.adapters.config.LoadedConfig;
import io.nvdp.adapters.grpc.DevicePluginHost;
import io.nvdp.bootstrap.metrics.PluginMetrics;
import io.nvdp.domain.DomainException;
import io.nvdp.domain.cdi.CdiPlan;
import io.nvdp.domain.cdi.CdiSpecException;
import io.nvdp.domain.cdi.CdiSpecs;
import io.nvdp.domain.config.PluginConfig;
import io.nvdp.domain.config.TimeSlicing;
import io.nvdp.domain.health.HealthTracker;
import io.nvdp.domain.health.XidPolicy;
import io.nvdp.domain.model.AdvertisedDevice;
import io.nvdp.domain.model.Gpu;
import io.nvdp.domain.model.Health;
import io.nvdp.domain.model.MigProfile;
import io.nvdp.domain.model.Node;
import io.nvdp.domain.model.ResourceName;
import io.nvdp.domain.plan.ResourceDevices;
import io.nvdp.domain.plan.ResourcePlan;
import io.nvdp.domain.plugin.ResourceDevicePlugin;
import io.nvdp.domain.port.DevicePlugin;
import io.nvdp.domain.port.DeviceNodes;
import io.nvdp.domain.port.DiscoveryException;
import io.nvdp.domain.port.HealthEvent;
import io.nvdp.domain.port.HealthEvents;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running plugin: turns a configuration and a discovered node into served resources, keeps
 * their health, and reconciles them when the configuration changes. Not thread-safe by itself:
 * the {@link Lifecycle} calls it from one thread.
 */
final class Daemon {
    private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);
    private static final long RECOVERY_TICK_MILLIS = 250;

    private final ConfigSource configs;
    private final NodeSource nodeSource;
    private final DeviceNodes deviceNodes;
    private final DevicePluginHost host;
    private final PluginMetrics metrics;
    private final XidPolicy xidPolicy;
    private final InstantSource clock;
    private final CdiSpecs cdiSpecs;

    private LoadedConfig config;
    private Node node;
    private HealthTracker tracker;
    private HealthEvents.Watch healthWatch;
    private ScheduledExecutorService recovery;
    private final Map<ResourceName, Served> served = new LinkedHashMap<>();
    /** What other threads (metrics, liveness) read: replaced whole after each change. */
    private volatile List<Served> servedSnapshot = List.of();
    private boolean hostStarted;
    /** The plan the served resources came from, to tell which ones a reload leaves unchanged. */
    private ResourcePlan servedPlan;

    /** A plugin as served: the domain object and the metered face the gRPC host sees. */
    private record Served(ResourceDevicePlugin plugin, MeteredDevicePlugin face) {
    }

    Daemon(LoadedConfig initial, ConfigSource configs, NodeSource nodeSource, DeviceNodes deviceNodes,
            DevicePluginHost host, PluginMetrics metrics, XidPolicy xidPolicy, InstantSource clock, CdiSpecs cdiSpecs) {
        this.config = initial;
        this.configs = configs;
        this.nodeSource = nodeSource;
        this.deviceNodes = deviceNodes;
        this.host = host;
        this.metrics = metrics;
        this.xidPolicy = xidPolicy;
        this.clock = clock;
        this.cdiSpecs = cdiSpecs;
        metrics.devicesFrom(this::deviceCounts);
    }

    /**
     * Discovers the node and serves its resources.
     *
     * @throws StartupFailure when the plugin must exit 1 (discovery failure with failOnInitError,
     *     a MIG misconfiguration, a broken node description)
     */
    void start() {
        LOG.info("Starting Plugins.");
        config.warnings().forEach(LOG::warn);
        xidPolicy.warnings().forEach(LOG::warn);
        try {
            node = nodeSource.inventory().discover();
        } catch (DiscoveryException e) {
            if (e.kind() == DiscoveryException.Kind.INIT_FAILED && !config.pluginConfig().failOnInitError()) {
                LOG.error("{}", e.getMessage());
                LOG.warn("GPU discovery failed and failOnInitError is false: serving no resources. "
                        + "No devices found. Waiting indefinitely.");
                node = null;
                return;
            }
            throw new StartupFailure(e.getMessage());
        }
        LOG.info("Running with config:\n{}", config.runningWithConfigJson(supportedMigProfiles(node)));
        ResourcePlan plan;
        try {
            plan = ResourcePlan.of(node, config.pluginConfig());
        } catch (DomainException e) {
            throw new StartupFailure(e.getMessage());
        }
        plan.warnings().forEach(LOG::warn);
        startHealth();
        try {
            apply(plan, config.pluginConfig());
        } catch (CdiSpecException e) {
            // Like upstream: kubelet must never get CDI names that no spec defines.
            throw new StartupFailure(e.getMessage());
        }
        if (served.isEmpty()) {
            LOG.info("No devices found. Waiting indefinitely.");
        }
    }

    /**
     * Loads the configuration again and reconciles. A configuration or plan that fails leaves the
     * running one in force (upstream exits here; we do not drop a node's GPUs over a typo).
     */
    void reload() {
        LoadedConfig next;
        try {
            next = configs.load();
        } catch (DomainException e) {
            LOG.error("Ignoring the new configuration, the running one stays in force: {}", e.getMessage());
            metrics.reload(false);
            return;
        }
        if (node == null) {
            // Idle after a failed discovery: a reload is a fresh start with the new config.
            config = next;
            try {
                start();
                metrics.reload(true);
            } catch (StartupFailure e) {
                LOG.error("Reload failed, still serving no resources: {}", e.getMessage());
                metrics.reload(false);
            }
            return;
        }
        ResourcePlan plan;
        try {
            plan = ResourcePlan.of(node, next.pluginConfig());
        } catch (DomainException e) {
            LOG.error("Ignoring the new configuration, the running one stays in force: {}", e.getMessage());
            metrics.reload(false);
            return;
        }
        next.warnings().forEach(LOG::warn);
        plan.warnings().forEach(LOG::warn);
        LOG.info("Running with config:\n{}", next.runningWithConfigJson(supportedMigProfiles(node)));
        LoadedConfig previousLoaded = config;
        PluginConfig previous = config.pluginConfig();
        config = next;
        try {
            apply(plan, previous);
        } catch (CdiSpecException e) {
            // Nothing was changed yet: the specs are written before any plugin.
            config = previousLoaded;
            LOG.error("Ignoring the new configuration, the running one stays in force: {}", e.getMessage());
            metrics.reload(false);
            return;
        }
        metrics.reload(true);
    }

    /** Stops serving: ends every stream, removes the sockets, stops health watching. */
    void stop() {
        if (recovery != null) {
            recovery.shutdownNow();
        }
        if (healthWatch != null) {
            healthWatch.close();
            healthWatch = null;
        }
        served.values().forEach(s -> s.plugin().stop());
        if (hostStarted) {
            host.stop();
            hostStarted = false;
        }
        served.clear();
        servedPlan = null;
        servedSnapshot = List.of();
        for (AutoCloseable resource : nodeSource.resources()) {
            try {
                resource.close();
            } catch (Exception e) {
                LOG.debug("closing {}: {}", resource, e.getMessage());
            }
        }
    }

    /** True while every served resource has a live server (for the liveness probe). */
    boolean isServing() {
        List<Served> current = servedSnapshot;
        return current.stream().allMatch(s -> host.sockets().containsKey(s.plugin().resource()));
    }

    /**
     * One served resource's plugin for the transport warm-up, behind a metrics face of its own that
     * nothing reads: the warm-up runs the very code of kubelet's calls, metering included, but its
     * calls must not count as kubelet's.
     */
    Optional<DevicePlugin> pluginForWarmUp() {
        return servedSnapshot.stream().findFirst()
                .map(s -> (DevicePlugin) new MeteredDevicePlugin(s.plugin(), new PluginMetrics()));
    }

    Set<ResourceName> resources() {
        return served.keySet();
    }

    private void apply(ResourcePlan plan, PluginConfig previousConfig) {
        PluginConfig current = config.pluginConfig();
        // Before any plugin can answer with CDI names; with CDI off this removes our spec files.
        cdiSpecs.apply(CdiPlan.of(node, current));
        Set<ResourceName> unchanged = servedPlan == null ? Set.of() : Set.copyOf(plan.diffFrom(servedPlan).unchanged());
        Map<ResourceName, Served> next = new LinkedHashMap<>();
        List<Served> retired = new ArrayList<>();
        for (ResourceDevices devices : plan.resources()) {
            Served old = served.get(devices.name());
            if (old != null && unchanged.contains(devices.name()) && servesAlike(previousConfig, current, devices)) {
                next.put(devices.name(), old);
            } else {
                if (old != null) {
                    retired.add(old);
                }
                ResourceDevicePlugin plugin = new ResourceDevicePlugin(devices, current, node.topology(), deviceNodes,
                        () -> UUID.randomUUID().toString());
                next.put(devices.name(), new Served(plugin, new MeteredDevicePlugin(plugin, metrics)));
            }
        }
        for (Map.Entry<ResourceName, Served> e : served.entrySet()) {
            if (!next.containsKey(e.getKey())) {
                LOG.info("Resource {} is no longer advertised; stopping it.", e.getKey());
                retired.add(e.getValue());
            }
        }
        for (Served s : retired) {
            // Kubelet learns the resource is gone from an empty list before the stream ends.
            s.plugin().retire();
            tracker.unregister(s.plugin());
        }
        served.clear();
        served.putAll(next);
        servedPlan = plan;
        servedSnapshot = List.copyOf(next.values());
        for (Served s : next.values()) {
            tracker.register(s.plugin());
        }
        List<MeteredDevicePlugin> faces = next.values().stream().map(Served::face).toList();
        if (hostStarted) {
            host.reconcile(faces);
        } else {
            host.start(faces);
            hostStarted = true;
        }
    }

    /** Whether a plugin with unchanged devices answers the same under the new configuration. */
    private static boolean servesAlike(PluginConfig before, PluginConfig after, ResourceDevices devices) {
        if (!before.withTimeSlicing(TimeSlicing.NONE).equals(after.withTimeSlicing(TimeSlicing.NONE))) {
            return false;
        }
        boolean replicated = devices.devices().stream().anyMatch(d -> d.replica().isPresent());
        return !replicated || before.timeSlicing().failRequestsGreaterThanOne() == after.timeSlicing().failRequestsGreaterThanOne();
    }

    private void startHealth() {
        DaemonOptions options = config.daemonOptions();
        tracker = new HealthTracker(node, xidPolicy, options.healthRecoveryInterval(), clock, LOG::info);
        if (xidPolicy.isDisabled()) {
            LOG.info("Health checks are disabled (DP_DISABLE_HEALTHCHECKS).");
            return;
        }
        HealthEvents source = nodeSource.healthEvents();
        try {
            healthWatch = source.start(node, this::onHealthEvent);
        } catch (RuntimeException e) {
            LOG.warn("Failed to start health check: {}; continuing with health checks disabled", e.getMessage());
            return;
        }
        if (options.healthRecoveryEnabled()) {
            recovery = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "nvdp-health-recovery");
                t.setDaemon(true);
                return t;
            });
            recovery.scheduleWithFixedDelay(() -> probeDue(source), RECOVERY_TICK_MILLIS, RECOVERY_TICK_MILLIS,
                    TimeUnit.MILLISECONDS);
        }
    }

    private void onHealthEvent(HealthEvent event) {
        switch (event) {
            case HealthEvent.Xid x -> {
                metrics.xid(x.xid());
                metrics.healthEvent("xid");
            }
            case HealthEvent.GpuLost l -> metrics.healthEvent("gpu_lost");
            case HealthEvent.GpuBack b -> metrics.healthEvent("gpu_back");
            case HealthEvent.Unmonitorable u -> metrics.healthEvent("unmonitorable");
            case HealthEvent.WaitFailed w -> metrics.healthEvent("wait_failed");
        }
        tracker.accept(event);
    }

    private void probeDue(HealthEvents source) {
        try {
            for (String gpu : tracker.recoveryDue(clock.instant())) {
                tracker.probed(gpu, source.isUsable(gpu), clock.instant());
            }
        } catch (RuntimeException e) {
            LOG.warn("Health recovery check failed: {}", e.getMessage());
        }
    }

    private Map<String, int[]> deviceCounts() {
        Map<String, int[]> counts = new TreeMap<>();
        for (Served s : servedSnapshot) {
            int healthy = 0;
            int unhealthy = 0;
            for (AdvertisedDevice d : s.plugin().devices()) {
                if (d.health() == Health.HEALTHY) {
                    healthy++;
                } else {
                    unhealthy++;
                }
            }
            counts.put(s.plugin().resource().value(), new int[] {healthy, unhealthy});
        }
        return counts;
    }

    private static List<String> supportedMigProfiles(Node node) {
        Set<String> profiles = new LinkedHashSet<>();
        for (Gpu gpu : node.gpus()) {
            gpu.supportedMigProfiles().stream().map(MigProfile::name).forEach(profiles::add);
        }
        return List.copyOf(profiles);
    }

    Optional<Node> node() {
        return Optional.ofNullable(node);
    }
}
