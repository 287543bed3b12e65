package io.nvdp.simulator.fault;

import io.nvdp.domain.model.Gpu;
import io.nvdp.domain.model.MigDevice;
import io.nvdp.domain.model.Node;
import io.nvdp.domain.port.HealthEvent;
import io.nvdp.domain.port.HealthEvents;
import io.nvdp.simulator.profile.NodeProfile;
import io.nvdp.simulator.profile.ScheduledFault;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Health facts for a simulated node: the faults its profile schedules, plus faults injected at run
 * time (by tests directly, or by operators through a {@link FaultControlServer}).
 *
 * <p>Scheduled faults count from the moment the first watch starts and fire once each; a fault whose
 * moment comes while no watch is open fires as soon as the next watch starts. Every fact goes to
 * all watches open at that time whose node holds the GPU concerned. A lost GPU stays lost (and
 * {@link #isUsable} false) until it is brought back; a new watch is told at once about GPUs that are
 * lost. Each watch delivers from its own thread, so a slow sink never blocks the injector.
 */
public final class SimulatedHealthEvents implements HealthEvents {
    private static final Logger LOG = LoggerFactory.getLogger(SimulatedHealthEvents.class);
    private static final AtomicInteger WATCH_NUMBERS = new AtomicInteger();
    private static final long CLOSE_WAIT_MILLIS = 2_000;

    /** Prefix of the names of every thread this class starts (tests check none is left). */
    public static final String THREAD_NAME_PREFIX = "nvdp-sim-health";

    private final NodeProfile profile;
    private final List<ScheduledFault> schedule;
    private final boolean[] fired;
    private final Set<String> lost = ConcurrentHashMap.newKeySet();
    private final List<ActiveWatch> watches = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();
    private long originNanos = -1;
    private ScheduledExecutorService scheduler;

    public SimulatedHealthEvents(NodeProfile profile) {
        this.profile = Objects.requireNonNull(profile, "profile");
        this.schedule = profile.faults();
        this.fired = new boolean[schedule.size()];
    }

    public NodeProfile profile() {
        return profile;
    }

    @Override
    public Watch start(Node node, Consumer<HealthEvent> sink) {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(sink, "sink");
        ActiveWatch watch = new ActiveWatch(node, sink);
        synchronized (lock) {
            watches.add(watch);
            for (Gpu gpu : node.gpus()) {
                if (lost.contains(gpu.uuid())) {
                    watch.offer(new HealthEvent.GpuLost(gpu.uuid()));
                }
            }
            watch.thread.start();
            if (originNanos < 0) {
                originNanos = System.nanoTime();
            }
            if (scheduler == null && hasPendingFaults()) {
                scheduler = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, THREAD_NAME_PREFIX + "-schedule"));
                long now = System.nanoTime();
                for (int i = 0; i < schedule.size(); i++) {
                    if (!fired[i]) {
                        int index = i;
                        long delay = Math.max(0, originNanos + schedule.get(i).after().toNanos() - now);
                        scheduler.schedule(() -> fireScheduled(index), delay, TimeUnit.NANOSECONDS);
                    }
                }
            }
        }
        return watch;
    }

    /** False while the GPU (by GPU UUID, or a MIG UUID of it) is lost; true otherwise, also after an Xid. */
    @Override
    public boolean isUsable(String gpuUuid) {
        String physical = profile.gpus().stream()
                .filter(g -> g.migDevices().stream().anyMatch(m -> m.uuid().equals(gpuUuid)))
                .map(Gpu::uuid).findFirst().orElse(gpuUuid);
        return !lost.contains(physical);
    }

    /** The UUIDs of the GPUs lost now. */
    public Set<String> lostGpus() {
        return Set.copyOf(lost);
    }

    /**
     * An Xid on a GPU, or on one MIG device of it.
     *
     * @param gpu  NVML index, GPU UUID, or MIG UUID (which names the GPU instance and compute instance)
     * @throws IllegalArgumentException with a one-line message when the target is unknown
     */
    public void injectXid(String gpu, long xid, OptionalInt gpuInstanceId, OptionalInt computeInstanceId) {
        if (xid < 0) {
            throw new IllegalArgumentException("xid " + xid + " must not be negative");
        }
        if (gpuInstanceId.isPresent() != computeInstanceId.isPresent()) {
            throw new IllegalArgumentException("a GPU instance id and a compute instance id go together");
        }
        Target target = resolve(gpu);
        if (target.gpuInstanceId().isPresent() && gpuInstanceId.isPresent()) {
            throw new IllegalArgumentException("'" + gpu + "' is a MIG device; it needs no gi and ci");
        }
        OptionalInt gi = target.gpuInstanceId().isPresent() ? target.gpuInstanceId() : gpuInstanceId;
        OptionalInt ci = target.computeInstanceId().isPresent() ? target.computeInstanceId() : computeInstanceId;
        dispatch(new HealthEvent.Xid(target.gpu().uuid(), xid, gi, ci));
    }

    public void injectXid(String gpu, long xid) {
        injectXid(gpu, xid, OptionalInt.empty(), OptionalInt.empty());
    }

    /** The GPU falls off the bus (nothing happens when it is lost already). */
    public void lose(String gpu) {
        Gpu target = resolvePhysical(gpu);
        if (lost.add(target.uuid())) {
            dispatch(new HealthEvent.GpuLost(target.uuid()));
        }
    }

    /** A lost GPU answers again (nothing happens when it was not lost). */
    public void restore(String gpu) {
        Gpu target = resolvePhysical(gpu);
        if (lost.remove(target.uuid())) {
            dispatch(new HealthEvent.GpuBack(target.uuid()));
        }
    }

    /** Waiting for events fails once, for every watch. */
    public void failWait(String reason) {
        dispatch(new HealthEvent.WaitFailed(reason));
    }

    /** A GPU named by index or UUID, or a MIG device by its UUID, with its instance ids. */
    public record Target(Gpu gpu, OptionalInt gpuInstanceId, OptionalInt computeInstanceId) {
    }

    /**
     * Finds what {@code ref} names: an NVML index, a GPU UUID or a MIG UUID.
     *
     * @throws IllegalArgumentException when nothing matches
     */
    public Target resolve(String ref) {
        String wanted = ref == null ? "" : ref.strip();
        if (wanted.chars().allMatch(Character::isDigit) && !wanted.isEmpty() && wanted.length() < 10) {
            int index = Integer.parseInt(wanted);
            if (index < profile.gpus().size()) {
                return new Target(profile.gpu(index), OptionalInt.empty(), OptionalInt.empty());
            }
        }
        for (Gpu gpu : profile.gpus()) {
            if (gpu.uuid().equalsIgnoreCase(wanted)) {
                return new Target(gpu, OptionalInt.empty(), OptionalInt.empty());
            }
            for (MigDevice mig : gpu.migDevices()) {
                if (mig.uuid().equalsIgnoreCase(wanted)) {
                    return new Target(gpu, OptionalInt.of(mig.gpuInstanceId()), OptionalInt.of(mig.computeInstanceId()));
                }
            }
        }
        throw new IllegalArgumentException("unknown GPU '" + wanted + "' (expected an index 0.."
                + (profile.gpus().size() - 1) + ", a GPU UUID or a MIG UUID of profile " + profile.name() + ")");
    }

    private Gpu resolvePhysical(String ref) {
        Target target = resolve(ref);
        if (target.gpuInstanceId().isPresent()) {
            throw new IllegalArgumentException("'" + ref + "' is a MIG device; only a whole GPU can be lost");
        }
        return target.gpu();
    }

    private boolean hasPendingFaults() {
        for (boolean f : fired) {
            if (!f) {
                return true;
            }
        }
        return false;
    }

    private void fireScheduled(int index) {
        synchronized (lock) {
            if (fired[index]) {
                return;
            }
            fired[index] = true;
        }
        ScheduledFault fault = schedule.get(index);
        LOG.info("Scheduled fault due after {}: {}", fault.after(), fault);
        switch (fault) {
            case ScheduledFault.Xid x -> dispatch(new HealthEvent.Xid(
                    profile.gpu(x.gpu()).uuid(), x.xid(), x.gpuInstanceId(), x.computeInstanceId()));
            case ScheduledFault.Lost l -> lose(Integer.toString(l.gpu()));
            case ScheduledFault.Back b -> restore(Integer.toString(b.gpu()));
            case ScheduledFault.WaitError w -> failWait(w.reason());
        }
    }

    private void dispatch(HealthEvent event) {
        LOG.info("Simulated health event: {}", event);
        for (ActiveWatch watch : watches) {
            if (watch.concerns(event)) {
                watch.offer(event);
            }
        }
    }

    private void closed(ActiveWatch watch) {
        ScheduledExecutorService stopping = null;
        synchronized (lock) {
            watches.remove(watch);
            if (watches.isEmpty() && scheduler != null) {
                stopping = scheduler;
                scheduler = null;
                stopping.shutdownNow();
            }
        }
        if (stopping != null) {
            awaitQuietly(stopping);
        }
    }

    private static void awaitQuietly(ScheduledExecutorService executor) {
        try {
            if (!executor.awaitTermination(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                LOG.warn("Fault schedule thread did not stop within {} ms", CLOSE_WAIT_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** One watch: a queue and the thread that hands its facts to the sink. */
    private final class ActiveWatch implements Watch {
        private final Set<String> uuids = new HashSet<>();
        private final Set<String> gpuUuids = new HashSet<>();
        private final Consumer<HealthEvent> sink;
        private final LinkedBlockingQueue<HealthEvent> queue = new LinkedBlockingQueue<>();
        private final Thread thread;
        private final AtomicBoolean closed = new AtomicBoolean();

        ActiveWatch(Node node, Consumer<HealthEvent> sink) {
            this.sink = sink;
            for (Gpu gpu : node.gpus()) {
                gpuUuids.add(gpu.uuid());
                uuids.add(gpu.uuid());
                gpu.migDevices().forEach(m -> uuids.add(m.uuid()));
            }
            this.thread = daemon(this::deliver, THREAD_NAME_PREFIX + "-watch-" + WATCH_NUMBERS.incrementAndGet());
        }

        boolean concerns(HealthEvent event) {
            return switch (event) {
                case HealthEvent.Xid x -> gpuUuids.contains(x.gpuUuid());
                case HealthEvent.GpuLost l -> gpuUuids.contains(l.gpuUuid());
                case HealthEvent.GpuBack b -> gpuUuids.contains(b.gpuUuid());
                case HealthEvent.Unmonitorable u -> uuids.contains(u.deviceUuid());
                case HealthEvent.WaitFailed w -> true;
            };
        }

        void offer(HealthEvent event) {
            if (!closed.get()) {
                queue.add(event);
            }
        }

        private void deliver() {
            try {
                while (!closed.get()) {
                    HealthEvent event = queue.take();
                    try {
                        sink.accept(event);
                    } catch (RuntimeException e) {
                        LOG.warn("Health event sink failed on {}: {}", event, e.toString());
                    }
                }
            } catch (InterruptedException e) {
                // close() asked us to stop
            }
        }

        @Override
        public void close() {
            if (!closed.compareAndSet(false, true)) {
                return;
            }
            closed(this);
            thread.interrupt();
            if (Thread.currentThread() != thread) {
                try {
                    thread.join(CLOSE_WAIT_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
