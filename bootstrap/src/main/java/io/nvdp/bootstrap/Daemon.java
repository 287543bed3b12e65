package io.nvdp.bootstrap;

import io.nvdp.adapters.config.DaemonOptions;
import io.nvdp.adapters.config.LoadedConfig;
import io.nvdp.bootstrap.metrics.PluginMetrics;
import io.nvdp.domain.DomainException;
import io.nvdp.domain.cdi.CdiPlan;
import io.nvdp.domain.cdi.CdiSpecException;
import io.nvdp.domain.cdi.CdiSpecs;
import io.nvdp.domain.config.PluginConfig;
import io.nvdp.domain.health.HealthTracker;
import io.nvdp.domain.health.XidPolicy;
import io.nvdp.domain.model.AdvertisedDevice;
import io.nvdp.domain.model.Gpu;
import io.nvdp.domain.model.Health;
import io.nvdp.domain.model.MigProfile;
import io.nvdp.domain.model.Node;
import io.nvdp.domain.model.ResourceName;
import io.nvdp.domain.plan.Reconciliation;
import io.nvdp.domain.plan.ResourceDevices;
import io.nvdp.domain.plan.ResourcePlan;
import io.nvdp.domain.plan.ServedPlan;
import io.nvdp.domain.plugin.ResourceDevicePlugin;
import io.nvdp.domain.port.DevicePlugin;
import io.nvdp.domain.port.DeviceNodes;
import io.nvdp.domain.port.DiscoveryException;
import io.nvdp.domain.port.HealthEvent;
import io.nvdp.domain.port.HealthEvents;
import io.nvdp.domain.port.PluginHost;
import java.io.UncheckedIOException;
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
    private final PluginHost host;
    private final PluginMetrics metrics;
    private final XidPolicy xidPolicy;
    private final InstantSource clock;
    private final CdiSpecs cdiSpecs;

    private LoadedConfig config;
    private Node node;
    /** Read by the health threads and metrics too; null before the first start and after stop. */
    private volatile HealthTracker tracker;
    private HealthEvents.Watch healthWatch;
    private ScheduledExecutorService recovery;
    private final Map<ResourceName, Served> served = new LinkedHashMap<>();
    /** What other threads (metrics, liveness) read: replaced whole after each change. */
    private volatile List<Served> servedSnapshot = List.of();
    /** What the served resources came from, to reconcile a reload against; empty before the first start. */
    private Optional<ServedPlan> servedPlan = Optional.empty();

    /** A plugin as served: the domain object and the metered face the gRPC host sees. */
    private record Served(ResourceDevicePlugin plugin, MeteredDevicePlugin face) {
    }

    Daemon(LoadedConfig initial, ConfigSource configs, NodeSource nodeSource, DeviceNodes deviceNodes,
            PluginHost host, PluginMetrics metrics, XidPolicy xidPolicy, InstantSource clock, CdiSpecs cdiSpecs) {
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
        metrics.pluginsFrom(() -> servedSnapshot.size(), () -> trackedResources().size());
    }

    /**
     * Discovers the node and serves its resources.
     *
     * @throws StartupFailure when the plugin must exit 1 (discovery failure with failOnInitError,
     *     a MIG misconfiguration, a broken node description)
     */
    void start() {
        LOG.info("Starting Plugins.");
        if (!nodeSource.cdiSupported() && config.pluginConfig().cdiEnabled()) {
            LOG.warn("CDI is not supported; disabling CDI.");
        }
        config.warnings().forEach(LOG::warn);
        xidPolicy.warnings().forEach(LOG::warn);
        Node discovered;
        try {
            discovered = nodeSource.inventory().discover();
        } catch (DiscoveryException e) {
            if (e.kind() == DiscoveryException.Kind.INIT_FAILED && !config.pluginConfig().failOnInitError()) {
                LOG.error("{}", e.getMessage());
                LOG.warn("GPU discovery failed and failOnInitError is false: serving no resources. "
                        + "No devices found. Waiting indefinitely.");
                return;
            }
            throw new StartupFailure(e.getMessage());
        }
        LOG.info("Running with config:\n{}", config.runningWithConfigJson(supportedMigProfiles(discovered)));
        ResourcePlan plan;
        try {
            plan = ResourcePlan.of(discovered, config.pluginConfig());
        } catch (DomainException e) {
            throw new StartupFailure(e.getMessage());
        }
        plan.warnings().forEach(LOG::warn);
        // Only a node that is planned counts as started: until then a reload is a fresh start.
        node = discovered;
        startHealth();
        try {
            // Like upstream: kubelet must never get CDI names that no spec defines.
            writeCdiSpecs(config.pluginConfig());
            apply(new ServedPlan(plan, config.pluginConfig()));
        } catch (CdiSpecException | UncheckedIOException e) {
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
        try {
            // Before any plugin can answer with CDI names; with CDI off this removes our spec files.
            writeCdiSpecs(next.pluginConfig());
        } catch (CdiSpecException e) {
            // Nothing was changed yet: the specs are written before any plugin.
            LOG.error("Ignoring the new configuration, the running one stays in force: {}", e.getMessage());
            metrics.reload(false);
            return;
        }
        config = next;
        try {
            apply(new ServedPlan(plan, next.pluginConfig()));
        } catch (UncheckedIOException e) {
            // The other resources are served; this one is missing until the next change or restart.
            LOG.error("{}", e.getMessage());
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
        host.stop();
        served.clear();
        servedPlan = Optional.empty();
        servedSnapshot = List.of();
        node = null;
        tracker = null;
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
        Set<ResourceName> live = host.serving();
        return current.stream().allMatch(s -> live.contains(s.plugin().resource()));
    }

    /** False until a node has been discovered and planned (also while idle after a failed discovery). */
    boolean isStarted() {
        return node != null;
    }

    /** The resources whose plugins health tracking updates. */
    Set<ResourceName> trackedResources() {
        HealthTracker current = tracker;
        return current == null ? Set.of() : current.tracked();
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

    /** Makes the served resources those of {@code next}, acting on one reconciliation everywhere. */
    private void apply(ServedPlan next) {
        Reconciliation changes = Reconciliation.between(servedPlan, next);
        List<Served> fresh = new ArrayList<>();
        for (ResourceDevices devices : changes.toServe()) {
            ResourceDevicePlugin plugin = new ResourceDevicePlugin(devices, next.config(), node.topology(), deviceNodes,
                    () -> UUID.randomUUID().toString());
            fresh.add(new Served(plugin, new MeteredDevicePlugin(plugin, metrics)));
        }
        for (ResourceName name : changes.toStop()) {
            Served old = served.remove(name);
            if (changes.retired().contains(name)) {
                LOG.info("Resource {} is no longer advertised; stopping it.", name);
            }
            // Kubelet learns the resource is gone (or changed) from a list before the stream ends.
            old.plugin().retire();
        }
        fresh.forEach(s -> served.put(s.plugin().resource(), s));
        servedPlan = Optional.of(next);
        servedSnapshot = List.copyOf(served.values());
        tracker.follow(changes, fresh.stream().map(Served::plugin).toList());
        host.apply(changes, fresh.stream().map(Served::face).toList());
    }

    /** The CDI specs of the node under {@code pluginConfig}; a Tegra system has none (CDI is off there). */
    private void writeCdiSpecs(PluginConfig pluginConfig) {
        if (nodeSource.cdiSupported()) {
            cdiSpecs.apply(CdiPlan.of(node, pluginConfig));
        }
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
        HealthTracker current = tracker;
        if (current != null) {
            current.accept(event);
        }
    }

    private void probeDue(HealthEvents source) {
        HealthTracker current = tracker;
        if (current == null) {
            return;
        }
        try {
            for (String gpu : current.recoveryDue(clock.instant())) {
                current.probed(gpu, source.isUsable(gpu), clock.instant());
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
