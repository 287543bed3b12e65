package io.nvdp.bootstrap;

import io.nvdp.domain.model.ResourceName;
import io.nvdp.domain.plan.Reconciliation;
import io.nvdp.domain.plan.ResourceDevices;
import io.nvdp.domain.port.DevicePlugin;
import io.nvdp.domain.port.PluginHost;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The kubelet side in memory: what is served, checked the way the gRPC host checks it. Waits are on
 * this object's monitor, woken by every change; {@link #holdStop()} makes a stop wait for the test.
 */
final class FakeHost implements PluginHost {
    private final Map<ResourceName, DevicePlugin> served = new LinkedHashMap<>();
    private int applied;
    private int stops;
    private CountDownLatch stopGate;
    private final CountDownLatch stopEntered = new CountDownLatch(1);

    @Override
    public synchronized void apply(Reconciliation changes, Collection<? extends DevicePlugin> fresh) {
        Set<ResourceName> wanted = changes.toServe().stream().map(ResourceDevices::name).collect(Collectors.toSet());
        Set<ResourceName> given = fresh.stream().map(DevicePlugin::resource).collect(Collectors.toSet());
        if (!wanted.equals(given)) {
            throw new AssertionError("fresh plugins " + given + " for " + wanted);
        }
        if (!served.keySet().containsAll(changes.kept()) || !served.keySet().containsAll(changes.toStop())) {
            throw new AssertionError("kept " + changes.kept() + " / stopped " + changes.toStop() + " not all served: "
                    + served.keySet());
        }
        changes.toStop().forEach(served::remove);
        fresh.forEach(p -> served.put(p.resource(), p));
        applied++;
        notifyAll();
    }

    @Override
    public synchronized Set<ResourceName> serving() {
        return Set.copyOf(served.keySet());
    }

    @Override
    public void stop() {
        CountDownLatch gate;
        synchronized (this) {
            gate = stopGate;
        }
        stopEntered.countDown();
        if (gate != null) {
            await(gate);
        }
        synchronized (this) {
            served.clear();
            stops++;
            notifyAll();
        }
    }

    /** The next stop waits until the returned latch is counted down. */
    synchronized CountDownLatch holdStop() {
        stopGate = new CountDownLatch(1);
        return stopGate;
    }

    void awaitStopEntered() {
        await(stopEntered);
    }

    synchronized DevicePlugin plugin(String resource) {
        return served.get(ResourceName.of(resource));
    }

    /** Resource -> number of devices, of what is served now. */
    synchronized Map<String, Integer> capacities() {
        Map<String, Integer> capacities = new TreeMap<>();
        served.forEach((name, plugin) -> capacities.put(name.value(), plugin.devices().size()));
        return capacities;
    }

    synchronized int applied() {
        return applied;
    }

    synchronized int stops() {
        return stops;
    }

    /** Waits until the served capacities satisfy {@code condition}. */
    synchronized Map<String, Integer> awaitCapacities(Predicate<Map<String, Integer>> condition)
            throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + DaemonFixture.PATIENCE.toNanos();
        while (!condition.test(capacities())) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new TimeoutException("served capacities are still " + capacities());
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return capacities();
    }

    synchronized void awaitStops(int count) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + DaemonFixture.PATIENCE.toNanos();
        while (stops < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new TimeoutException("stopped " + stops + " times");
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    static void await(CountDownLatch latch) {
        try {
            if (!latch.await(DaemonFixture.PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("a gate was not opened within " + Duration.ofMillis(
                        DaemonFixture.PATIENCE.toMillis()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
