package io.nvdp.domain.health;

import io.nvdp.domain.model.AdvertisedDevice;
import io.nvdp.domain.model.Gpu;
import io.nvdp.domain.model.Health;
import io.nvdp.domain.model.MigDevice;
import io.nvdp.domain.model.Node;
import io.nvdp.domain.model.ResourceName;
import io.nvdp.domain.plan.Reconciliation;
import io.nvdp.domain.plugin.ResourceDevicePlugin;
import io.nvdp.domain.port.HealthEvent;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Turns health facts into device health for every registered plugin (spec 6, improved).
 *
 * <ul>
 *   <li>A critical Xid on a GPU marks every device derived from it (all replicas, all its MIG devices)
 *       Unhealthy; upstream kept only the last device per UUID (spec 6 [quirk]). An Xid naming a GPU and
 *       compute instance marks only the matching MIG device (and a full-GPU device of that GPU).</li>
 *   <li>Ignored Xids ({@link XidPolicy}) change nothing; with health checks disabled nothing does.</li>
 *   <li>{@code GpuLost} marks the GPU's devices until {@code GpuBack}; {@code Unmonitorable} marks that
 *       device (or every device of that GPU).</li>
 *   <li>One failed wait changes nothing; {@code waitFailureThreshold} in a row mark every GPU as if an Xid
 *       hit it. Any other event, or {@link #waitSucceeded()}, resets the count.</li>
 *   <li>Upstream never recovers a device. Here a GPU faulted by Xids or failed waits becomes due for a
 *       probe once {@code recoveryInterval} has passed without new faults ({@link #recoveryDue}); a usable
 *       probe ({@link #probed}) makes its devices Healthy again, an unusable one restarts the wait.
 *       {@link Duration#ZERO} keeps upstream's behaviour. A lost GPU recovers only through GpuBack.</li>
 * </ul>
 * Log lines go to the {@code log} callback (the domain does not log). Thread-safe.
 */
public final class HealthTracker implements Consumer<HealthEvent> {
    public static final int DEFAULT_WAIT_FAILURE_THRESHOLD = 3;
    /** Failed waits further apart than this start a new count. */
    public static final Duration WAIT_FAILURE_WINDOW = Duration.ofMinutes(1);
    /** NVML's "no instance" value for GPU/compute instance IDs (0xFFFFFFFF). */
    private static final int NO_INSTANCE = -1;

    private final XidPolicy policy;
    private final Duration recoveryInterval;
    private final int waitFailureThreshold;
    private final InstantSource clock;
    private final Consumer<String> log;
    private final Map<String, GpuState> gpus = new LinkedHashMap<>();
    private final Map<String, MigRef> migs = new HashMap<>();
    private final Set<String> unmonitorable = new HashSet<>();
    /** One plugin per resource: the one being served. */
    private final Map<ResourceName, ResourceDevicePlugin> plugins = new LinkedHashMap<>();
    private int consecutiveWaitFailures;
    private Instant lastWaitFailure;

    public HealthTracker(Node node, XidPolicy policy, Duration recoveryInterval, InstantSource clock,
            Consumer<String> log) {
        this(node, policy, recoveryInterval, DEFAULT_WAIT_FAILURE_THRESHOLD, clock, log);
    }

    public HealthTracker(Node node, XidPolicy policy, Duration recoveryInterval, int waitFailureThreshold,
            InstantSource clock, Consumer<String> log) {
        Objects.requireNonNull(node, "node");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.recoveryInterval = Objects.requireNonNull(recoveryInterval, "recoveryInterval");
        if (waitFailureThreshold < 1) {
            throw new IllegalArgumentException("waitFailureThreshold must be >= 1: " + waitFailureThreshold);
        }
        this.waitFailureThreshold = waitFailureThreshold;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.log = Objects.requireNonNull(log, "log");
        for (Gpu gpu : node.gpus()) {
            gpus.put(gpu.uuid(), new GpuState(gpu.uuid()));
            for (MigDevice mig : gpu.migDevices()) {
                migs.put(mig.uuid(), new MigRef(gpu.uuid(), new Instance(mig.gpuInstanceId(), mig.computeInstanceId())));
            }
        }
    }

    /**
     * Starts updating {@code plugin}, in place of any plugin tracked for its resource; its devices get
     * the current health at once. Registering the tracked plugin again changes nothing.
     */
    public synchronized void register(ResourceDevicePlugin plugin) {
        Objects.requireNonNull(plugin, "plugin");
        plugins.put(plugin.resource(), plugin);
        update(plugin);
    }

    /** Stops updating {@code plugin}; a newer plugin of the same resource stays tracked. */
    public synchronized void unregister(ResourceDevicePlugin plugin) {
        plugins.remove(plugin.resource(), plugin);
    }

    /**
     * Follows a reconciliation: retired resources are no longer tracked, the fresh plugins of
     * replaced and started ones are (a replaced one swapped for its successor), kept ones stay as
     * they are.
     *
     * @param fresh the new plugins, one per resource of {@link Reconciliation#toServe()}
     */
    public synchronized void follow(Reconciliation changes, Collection<ResourceDevicePlugin> fresh) {
        changes.retired().forEach(plugins::remove);
        fresh.forEach(this::register);
    }

    /** The resources whose plugins are tracked now. */
    public synchronized Set<ResourceName> tracked() {
        return Set.copyOf(plugins.keySet());
    }

    @Override
    public synchronized void accept(HealthEvent event) {
        if (policy.isDisabled()) {
            return;
        }
        Instant now = clock.instant();
        if (!(event instanceof HealthEvent.WaitFailed)) {
            consecutiveWaitFailures = 0;
        }
        switch (event) {
            case HealthEvent.Xid xid -> onXid(xid, now);
            case HealthEvent.GpuLost lost -> {
                GpuState gpu = gpus.get(lost.gpuUuid());
                if (gpu != null && !gpu.lost) {
                    gpu.lost = true;
                    log.accept("GPU " + lost.gpuUuid() + " is lost; marking its devices unhealthy");
                }
            }
            case HealthEvent.GpuBack back -> {
                GpuState gpu = gpus.get(back.gpuUuid());
                if (gpu != null && gpu.lost) {
                    gpu.lost = false;
                    log.accept("GPU " + back.gpuUuid() + " is back");
                }
            }
            case HealthEvent.Unmonitorable u -> {
                if (unmonitorable.add(u.deviceUuid())) {
                    log.accept("Device " + u.deviceUuid() + " cannot be monitored"
                            + (u.reason() == null ? "" : " (" + u.reason() + ")") + "; marking it unhealthy");
                }
            }
            case HealthEvent.WaitFailed w -> onWaitFailed(w, now);
        }
        updateAll();
    }

    /** The health source waited successfully (possibly with no event): resets the failed-wait count. */
    public synchronized void waitSucceeded() {
        consecutiveWaitFailures = 0;
    }

    /** GPUs (by UUID, node order) whose faults have been quiet for the recovery interval: probe these. */
    public synchronized List<String> recoveryDue(Instant now) {
        if (recoveryInterval.isZero() || recoveryInterval.isNegative()) {
            return List.of();
        }
        List<String> due = new ArrayList<>();
        for (GpuState gpu : gpus.values()) {
            if (!gpu.lost && gpu.hasFault() && !gpu.lastFault.plus(recoveryInterval).isAfter(now)) {
                due.add(gpu.uuid);
            }
        }
        return due;
    }

    /** The result of probing a GPU returned by {@link #recoveryDue}. */
    public synchronized void probed(String gpuUuid, boolean usable, Instant now) {
        GpuState gpu = gpus.get(gpuUuid);
        if (gpu == null || gpu.lost || !gpu.hasFault()) {
            return;
        }
        if (usable) {
            gpu.gpuFault = null;
            gpu.instanceFaults.clear();
            log.accept("GPU " + gpuUuid + " is usable again; marking its devices healthy");
            updateAll();
        } else {
            gpu.lastFault = now;
            log.accept("GPU " + gpuUuid + " is still not usable; checking again in " + recoveryInterval);
        }
    }

    /** The health a device has now. */
    public synchronized Health healthOf(AdvertisedDevice device) {
        if (unmonitorable.contains(device.uuid()) || unmonitorable.contains(device.gpuUuid())) {
            return Health.UNHEALTHY;
        }
        GpuState gpu = gpus.get(device.gpuUuid());
        if (gpu == null) {
            return Health.HEALTHY;
        }
        if (gpu.lost || gpu.gpuFault != null) {
            return Health.UNHEALTHY;
        }
        if (device.isMig()) {
            MigRef mig = migs.get(device.uuid());
            return mig != null && gpu.instanceFaults.containsKey(mig.instance()) ? Health.UNHEALTHY : Health.HEALTHY;
        }
        // A full GPU is hit by an Xid in any of its instances.
        return gpu.instanceFaults.isEmpty() ? Health.HEALTHY : Health.UNHEALTHY;
    }

    private void onXid(HealthEvent.Xid event, Instant now) {
        if (!policy.isCritical(event.xid())) {
            return;
        }
        GpuState gpu = gpus.get(event.gpuUuid());
        Instance instance = instanceOf(event.gpuInstanceId(), event.computeInstanceId());
        if (gpu == null) {
            // Tolerate a source that names the MIG device itself.
            MigRef mig = migs.get(event.gpuUuid());
            if (mig == null) {
                log.accept("Ignoring Xid=" + event.xid() + " on unknown device " + event.gpuUuid());
                return;
            }
            gpu = gpus.get(mig.gpuUuid());
            instance = mig.instance();
        }
        if (instance != null) {
            gpu.instanceFaults.put(instance, now);
            log.accept("XidCriticalError: Xid=" + event.xid() + " on Device=" + gpu.uuid + " (GPU instance "
                    + instance.gi() + ", compute instance " + instance.ci() + "); marking device as unhealthy.");
        } else {
            gpu.gpuFault = now;
            log.accept("XidCriticalError: Xid=" + event.xid() + " on Device=" + gpu.uuid
                    + "; marking device as unhealthy.");
        }
        gpu.lastFault = now;
    }

    private void onWaitFailed(HealthEvent.WaitFailed event, Instant now) {
        // Sources report failures, not successful waits: failures far apart are not "in a row".
        if (lastWaitFailure != null && lastWaitFailure.plus(WAIT_FAILURE_WINDOW).isBefore(now)) {
            consecutiveWaitFailures = 0;
        }
        lastWaitFailure = now;
        consecutiveWaitFailures++;
        String reason = event.reason() == null ? "" : ": " + event.reason();
        if (consecutiveWaitFailures < waitFailureThreshold) {
            log.accept("Waiting for health events failed" + reason + " (" + consecutiveWaitFailures + " of "
                    + waitFailureThreshold + " before devices are marked unhealthy)");
            return;
        }
        log.accept("Waiting for health events failed " + consecutiveWaitFailures + " times in a row" + reason
                + "; marking all devices unhealthy");
        for (GpuState gpu : gpus.values()) {
            gpu.gpuFault = now;
            gpu.lastFault = now;
        }
    }

    private static Instance instanceOf(OptionalInt gi, OptionalInt ci) {
        if (gi.isEmpty() || ci.isEmpty() || gi.getAsInt() == NO_INSTANCE || ci.getAsInt() == NO_INSTANCE) {
            return null;
        }
        return new Instance(gi.getAsInt(), ci.getAsInt());
    }

    private void updateAll() {
        for (ResourceDevicePlugin plugin : plugins.values()) {
            update(plugin);
        }
    }

    private void update(ResourceDevicePlugin plugin) {
        for (AdvertisedDevice d : plugin.updateHealth(this::healthOf)) {
            log.accept("'" + plugin.resource() + "' device marked " + d.health().wireValue().toLowerCase(java.util.Locale.ROOT) + ": " + d.id());
        }
    }

    private record Instance(int gi, int ci) {
    }

    private record MigRef(String gpuUuid, Instance instance) {
    }

    private static final class GpuState {
        final String uuid;
        final Map<Instance, Instant> instanceFaults = new HashMap<>();
        boolean lost;
        Instant gpuFault;
        Instant lastFault;

        GpuState(String uuid) {
            this.uuid = uuid;
        }

        boolean hasFault() {
            return gpuFault != null || !instanceFaults.isEmpty();
        }
    }
}
