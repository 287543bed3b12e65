package io.nvdp.adapters.nvml;

import com.sun.jna.Pointer;
import io.nvdp.adapters.nvml.binding.NvmlConstants;
import io.nvdp.adapters.nvml.binding.NvmlReturn;
import io.nvdp.adapters.nvml.binding.NvmlStructs;
import io.nvdp.domain.model.Gpu;
import io.nvdp.domain.model.MigDevice;
import io.nvdp.domain.model.Node;
import io.nvdp.domain.port.DiscoveryException;
import io.nvdp.domain.port.HealthEvent;
import io.nvdp.domain.port.HealthEvents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Health facts from NVML events (upstream internal/rm/health.go): one event set, each physical GPU
 * registered for Xid critical errors and ECC errors (as far as it supports them; MIG devices through
 * their parent), raw Xids delivered with the event's GPU/compute instance ids. Waits are cut into
 * short slices so that {@link Watch#close()} returns promptly; every wait period the watched GPUs
 * are probed, which turns GPUs that fell off the bus into {@link HealthEvent.GpuLost} and their
 * return into {@link HealthEvent.GpuBack}.
 */
public final class NvmlHealthEvents implements HealthEvents {
    /** Upstream's event wait. */
    public static final Duration DEFAULT_WAIT = Duration.ofMillis(5000);

    static final long EVENT_MASK = NvmlConstants.EVENT_TYPE_XID_CRITICAL_ERROR
            | NvmlConstants.EVENT_TYPE_DOUBLE_BIT_ECC_ERROR
            | NvmlConstants.EVENT_TYPE_SINGLE_BIT_ECC_ERROR;

    private static final Logger LOG = LoggerFactory.getLogger(NvmlHealthEvents.class);
    private static final int MAX_SLICE_MS = 100;
    private static final Pattern LEGACY_MIG_UUID = Pattern.compile("MIG-(GPU-[^/]+)/(\\d+)/(\\d+)");

    private final NvmlLibrary library;
    private final Duration waitPeriod;

    public NvmlHealthEvents(NvmlLibrary library) {
        this(library, DEFAULT_WAIT);
    }

    /** @param waitPeriod how long one event wait lasts before the loop comes round (upstream: 5 s) */
    public NvmlHealthEvents(NvmlLibrary library, Duration waitPeriod) {
        this.library = Objects.requireNonNull(library, "library");
        if (waitPeriod.isNegative() || waitPeriod.isZero()) {
            throw new IllegalArgumentException("wait period must be positive: " + waitPeriod);
        }
        this.waitPeriod = waitPeriod;
    }

    /**
     * @throws DiscoveryException ({@code INIT_FAILED}) with upstream's texts
     *         {@code failed to initialize NVML: <ret>} or {@code failed to create event set: <ret>}
     */
    @Override
    public Watch start(Node node, Consumer<HealthEvent> sink) {
        Objects.requireNonNull(sink, "sink");
        NvmlLibrary.Session session;
        try {
            session = library.open();
        } catch (NvmlException e) {
            throw new DiscoveryException(DiscoveryException.Kind.INIT_FAILED, "failed to initialize NVML: " + e.ret(), e);
        }
        Nvml nvml = session.nvml();
        Pointer set;
        try {
            set = nvml.eventSetCreate();
        } catch (NvmlException e) {
            session.close();
            throw new DiscoveryException(DiscoveryException.Kind.INIT_FAILED, "failed to create event set: " + e.ret(), e);
        }
        List<HealthEvent> early = new ArrayList<>();
        Loop loop;
        Thread thread;
        try {
            Map<String, Watched> watched = register(nvml, set, node, early);
            loop = new Loop(session, nvml, set, watched, early, sink);
            thread = Thread.ofPlatform().daemon().name("nvml-health-events").unstarted(loop);
        } catch (RuntimeException e) {
            nvml.eventSetFree(set);
            session.close();
            throw e;
        }
        thread.start();
        return () -> loop.stop(thread);
    }

    /** A GPU under watch, with the GI/CI pairs of its MIG devices. */
    private record Watched(String uuid, Pointer handle, boolean migEnabled, Set<Long> instances) {
        boolean knows(int gi, int ci) {
            return instances.contains(key(gi, ci));
        }

        static long key(int gi, int ci) {
            return ((long) gi << 32) | (ci & 0xFFFFFFFFL);
        }
    }

    private Map<String, Watched> register(Nvml nvml, Pointer set, Node node, List<HealthEvent> early) {
        Map<String, Watched> watched = new LinkedHashMap<>();
        for (Gpu gpu : node.gpus()) {
            Set<Long> instances = new HashSet<>();
            List<String> migUuids = new ArrayList<>();
            for (MigDevice mig : gpu.migDevices()) {
                migUuids.add(mig.uuid());
                try {
                    Placement p = placement(nvml, mig.uuid());
                    if (!p.parentUuid().equals(gpu.uuid())) {
                        LOG.warn("MIG device {} belongs to {}, not {}", mig.uuid(), p.parentUuid(), gpu.uuid());
                    }
                    instances.add(Watched.key(p.gi(), p.ci()));
                } catch (PlacementException e) {
                    early.add(new HealthEvent.Unmonitorable(mig.uuid(), e.getMessage()));
                }
            }
            Pointer handle;
            long supported;
            try {
                handle = nvml.handleByUuid(gpu.uuid());
            } catch (NvmlException e) {
                unmonitorable(early, gpu.uuid(), migUuids, "unable to get device handle: " + e.ret());
                continue;
            }
            try {
                supported = nvml.supportedEventTypes(handle);
            } catch (NvmlException e) {
                unmonitorable(early, gpu.uuid(), migUuids, "unable to determine the supported events: " + e.ret());
                continue;
            }
            NvmlReturn ret = nvml.registerEvents(handle, EVENT_MASK & supported, set);
            if (ret == NvmlReturn.ERROR_NOT_SUPPORTED) {
                LOG.warn("Device {} is too old to support healthchecking.", gpu.uuid());
                continue;
            }
            if (!ret.isSuccess()) {
                unmonitorable(early, gpu.uuid(), migUuids, "failed to register events: " + ret);
                continue;
            }
            watched.put(gpu.uuid(), new Watched(gpu.uuid(), handle, gpu.migEnabled(), Set.copyOf(instances)));
        }
        return watched;
    }

    private static void unmonitorable(List<HealthEvent> early, String gpuUuid, List<String> migUuids, String reason) {
        LOG.warn("Device {} cannot be monitored: {}", gpuUuid, reason);
        early.add(new HealthEvent.Unmonitorable(gpuUuid, reason));
        for (String mig : migUuids) {
            early.add(new HealthEvent.Unmonitorable(mig, reason));
        }
    }

    record Placement(String parentUuid, int gi, int ci) {
    }

    static final class PlacementException extends Exception {
        PlacementException(String message) {
            super(message, null, false, false);
        }
    }

    /** Where a MIG device sits: from NVML, or parsed from a legacy UUID when NVML does not know it. */
    private static Placement placement(Nvml nvml, String migUuid) throws PlacementException {
        try {
            Pointer mig = nvml.handleByUuid(migUuid);
            Pointer parent = nvml.parentOfMigDevice(mig);
            return new Placement(nvml.uuid(parent), nvml.gpuInstanceId(mig), nvml.computeInstanceId(mig));
        } catch (NvmlException e) {
            return parseLegacyMigUuid(migUuid);
        }
    }

    /** {@code MIG-GPU-<uuid>/<gi>/<ci>} -> parent {@code GPU-<uuid>}, gi, ci. */
    static Placement parseLegacyMigUuid(String uuid) throws PlacementException {
        Matcher m = LEGACY_MIG_UUID.matcher(uuid == null ? "" : uuid);
        if (!m.matches()) {
            throw new PlacementException("unable to parse UUID as MIG device");
        }
        try {
            return new Placement(m.group(1), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
        } catch (NumberFormatException e) {
            throw new PlacementException("unable to parse UUID as MIG device");
        }
    }

    @Override
    public boolean isUsable(String gpuUuid) {
        try (NvmlLibrary.Session session = library.open()) {
            Nvml nvml = session.nvml();
            nvml.memoryTotal(nvml.handleByUuid(gpuUuid));
            return true;
        } catch (NvmlException e) {
            LOG.debug("GPU {} is not usable: {}", gpuUuid, e.getMessage());
            return false;
        }
    }

    /** The watch thread. */
    private final class Loop implements Runnable {
        private final NvmlLibrary.Session session;
        private final Nvml nvml;
        private final Pointer set;
        private final Map<String, Watched> watched;
        private final List<HealthEvent> early;
        private final Consumer<HealthEvent> sink;
        private final Set<String> lost = new HashSet<>();
        private volatile boolean stopping;

        Loop(NvmlLibrary.Session session, Nvml nvml, Pointer set, Map<String, Watched> watched,
                List<HealthEvent> early, Consumer<HealthEvent> sink) {
            this.session = session;
            this.nvml = nvml;
            this.set = set;
            this.watched = watched;
            this.early = early;
            this.sink = sink;
        }

        @Override
        public void run() {
            try {
                early.forEach(this::emit);
                NvmlStructs.EventData data = new NvmlStructs.EventData();
                long periodMs = waitPeriod.toMillis();
                long periodEnd = System.nanoTime() / 1_000_000 + periodMs;
                while (!stopping) {
                    long now = System.nanoTime() / 1_000_000;
                    if (now >= periodEnd) {
                        probe();
                        periodEnd = now + periodMs;
                    }
                    int slice = (int) Math.max(0, Math.min(MAX_SLICE_MS, periodEnd - now));
                    NvmlReturn ret = nvml.eventSetWait(set, data, slice);
                    switch (ret) {
                        case SUCCESS -> onEvent(data);
                        case ERROR_TIMEOUT -> { }
                        case ERROR_GPU_IS_LOST -> {
                            if (!probe()) {
                                failed("GPU is lost");
                            }
                        }
                        default -> failed(ret.toString());
                    }
                }
            } finally {
                nvml.eventSetFree(set);
                session.close();
            }
        }

        private void failed(String reason) {
            LOG.warn("Error waiting for event: {}; marking all devices as unhealthy", reason);
            emit(new HealthEvent.WaitFailed(reason));
            pause();
        }

        private void pause() {
            try {
                Thread.sleep(MAX_SLICE_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopping = true;
            }
        }

        /** Asks every watched GPU whether it still answers; returns whether a GPU was newly lost. */
        private boolean probe() {
            boolean newlyLost = false;
            for (Watched w : watched.values()) {
                NvmlReturn ret;
                try {
                    nvml.memoryTotal(w.handle());
                    ret = NvmlReturn.SUCCESS;
                } catch (NvmlException e) {
                    ret = e.ret();
                }
                if (ret == NvmlReturn.ERROR_GPU_IS_LOST && lost.add(w.uuid())) {
                    LOG.warn("GPU {} is lost", w.uuid());
                    emit(new HealthEvent.GpuLost(w.uuid()));
                    newlyLost = true;
                } else if (ret.isSuccess() && lost.remove(w.uuid())) {
                    LOG.info("GPU {} answers again", w.uuid());
                    emit(new HealthEvent.GpuBack(w.uuid()));
                }
            }
            return newlyLost;
        }

        private void onEvent(NvmlStructs.EventData data) {
            if ((data.eventType & NvmlConstants.EVENT_TYPE_XID_CRITICAL_ERROR) == 0) {
                LOG.info("Skipping non-nvmlEventTypeXidCriticalError event: {}", data.eventType);
                return;
            }
            String uuid;
            try {
                uuid = nvml.uuid(data.device);
            } catch (NvmlException e) {
                LOG.warn("Failed to determine uuid for event: {}; marking all devices as unhealthy.", e.ret());
                emit(new HealthEvent.WaitFailed("unable to read the UUID of the event's device: " + e.ret()));
                return;
            }
            Watched w = watched.get(uuid);
            if (w == null) {
                LOG.debug("Ignoring event for unexpected device {}", uuid);
                return;
            }
            OptionalInt gi = instanceId(data.gpuInstanceId);
            OptionalInt ci = instanceId(data.computeInstanceId);
            if (w.migEnabled() && gi.isPresent() && ci.isPresent() && !w.knows(gi.getAsInt(), ci.getAsInt())) {
                LOG.debug("Ignoring Xid {} on {} for unknown GI {} / CI {}", data.eventData, uuid, gi, ci);
                return;
            }
            LOG.info("XidCriticalError: Xid={} on Device={}{}", data.eventData, uuid,
                    gi.isPresent() ? " GI=" + gi.getAsInt() + " CI=" + (ci.isPresent() ? ci.getAsInt() : "-") : "");
            emit(new HealthEvent.Xid(uuid, data.eventData, gi, ci));
        }

        private static OptionalInt instanceId(int raw) {
            return raw == NvmlConstants.NO_INSTANCE_ID ? OptionalInt.empty() : OptionalInt.of(raw);
        }

        private void emit(HealthEvent event) {
            try {
                sink.accept(event);
            } catch (RuntimeException e) {
                LOG.error("Health event sink failed on {}", event, e);
            }
        }

        void stop(Thread thread) {
            stopping = true;
            try {
                thread.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (thread.isAlive()) {
                LOG.warn("NVML health event thread did not stop in time");
            }
        }
    }

}
