package io.nvdp.domain.health;

import static io.nvdp.domain.fixtures.Nodes.config;
import static io.nvdp.domain.fixtures.Nodes.gpu;
import static io.nvdp.domain.fixtures.Nodes.gpuUuid;
import static io.nvdp.domain.fixtures.Nodes.migGpu;
import static io.nvdp.domain.fixtures.Nodes.migUuid;
import static io.nvdp.domain.fixtures.Nodes.node;
import static io.nvdp.domain.fixtures.Nodes.timeSliced;
import static org.assertj.core.api.Assertions.assertThat;

import io.nvdp.domain.config.MigStrategy;
import io.nvdp.domain.config.PluginConfig;
import io.nvdp.domain.model.AdvertisedDevice;
import io.nvdp.domain.model.Health;
import io.nvdp.domain.model.Node;
import io.nvdp.domain.model.ResourceName;
import io.nvdp.domain.plan.Reconciliation;
import io.nvdp.domain.plan.ResourceDevices;
import io.nvdp.domain.plan.ResourcePlan;
import io.nvdp.domain.plan.ServedPlan;
import io.nvdp.domain.plugin.ResourceDevicePlugin;
import io.nvdp.domain.port.HealthEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class HealthTrackerTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final AtomicReference<Instant> now = new AtomicReference<>(T0);
    private final List<String> log = new ArrayList<>();
    private final List<ResourceDevicePlugin> plugins = new ArrayList<>();

    private HealthTracker tracker(Node node, PluginConfig config, XidPolicy policy, Duration recovery) {
        HealthTracker tracker = new HealthTracker(node, policy, recovery, 3, now::get, log::add);
        for (ResourceDevices r : ResourcePlan.of(node, config).resources()) {
            ResourceDevicePlugin p = new ResourceDevicePlugin(r, config, node.topology(), x -> false, () -> "id");
            plugins.add(p);
            tracker.register(p);
        }
        return tracker;
    }

    private HealthTracker tracker(Node node, PluginConfig config) {
        return tracker(node, config, XidPolicy.defaults(), Duration.ofMinutes(5));
    }

    private List<String> unhealthy() {
        return plugins.stream().flatMap(p -> p.devices().stream()).filter(d -> d.health() == Health.UNHEALTHY)
                .map(AdvertisedDevice::id).toList();
    }

    private static HealthEvent.Xid xid(int gpu, long xid) {
        return HealthEvent.Xid.onGpu(gpuUuid(gpu), xid);
    }

    private static HealthEvent.Xid xidOnInstance(int gpu, long xid, int gi, int ci) {
        return new HealthEvent.Xid(gpuUuid(gpu), xid, OptionalInt.of(gi), OptionalInt.of(ci));
    }

    @Test
    void aCriticalXidMarksEveryReplicaOfThatGpu() {
        HealthTracker t = tracker(node(gpu(0), gpu(1)), timeSliced(config(), false, false, "gpu", 3));
        t.accept(xid(1, 79));
        assertThat(unhealthy()).containsExactly(gpuUuid(1) + "::0", gpuUuid(1) + "::1", gpuUuid(1) + "::2");
        assertThat(log).contains("XidCriticalError: Xid=79 on Device=" + gpuUuid(1) + "; marking device as unhealthy.",
                "'nvidia.com/gpu' device marked unhealthy: " + gpuUuid(1) + "::0");
    }

    @Test
    void aGpuLevelXidMarksEveryMigDeviceOfThatGpu() {
        HealthTracker t = tracker(node(migGpu(0, "1g.5gb", "1g.5gb"), migGpu(1, "1g.5gb")),
                config().withMigStrategy(MigStrategy.SINGLE));
        t.accept(xid(0, 48));
        assertThat(unhealthy()).containsExactly(migUuid(0, 0), migUuid(0, 1));
    }

    @Test
    void anXidWithGpuAndComputeInstanceMarksOnlyThatMigDevice() {
        HealthTracker t = tracker(node(migGpu(0, "1g.5gb", "1g.5gb")), config().withMigStrategy(MigStrategy.SINGLE));
        t.accept(xidOnInstance(0, 48, 2, 0)); // slot 1 has GI 2, CI 0
        assertThat(unhealthy()).containsExactly(migUuid(0, 1));
    }

    @Test
    void anInstanceXidMatchingNoMigDeviceMarksNoMigDeviceButTheFullGpu() {
        HealthTracker t = tracker(node(migGpu(0, "1g.5gb", "1g.5gb")), config().withMigStrategy(MigStrategy.SINGLE));
        t.accept(xidOnInstance(0, 48, 9, 0));
        assertThat(unhealthy()).isEmpty();

        plugins.clear();
        HealthTracker none = tracker(node(migGpu(0, "1g.5gb")), config());
        none.accept(xidOnInstance(0, 48, 9, 0));
        assertThat(unhealthy()).containsExactly(gpuUuid(0));
    }

    @Test
    void ignoredXidsChangeNothing() {
        HealthTracker t = tracker(node(gpu(0)), config());
        for (long x : new long[] {13, 31, 43, 45, 68, 109}) {
            t.accept(xid(0, x));
        }
        assertThat(unhealthy()).isEmpty();
    }

    @Test
    void disabledHealthChecksIgnoreEverything() {
        HealthTracker t = tracker(node(gpu(0)), config(), XidPolicy.parse("all", null), Duration.ZERO);
        t.accept(xid(0, 79));
        t.accept(new HealthEvent.GpuLost(gpuUuid(0)));
        assertThat(unhealthy()).isEmpty();
    }

    @Test
    void xidsOnUnknownGpusAreIgnored() {
        HealthTracker t = tracker(node(gpu(0)), config());
        t.accept(HealthEvent.Xid.onGpu("GPU-other", 79));
        assertThat(unhealthy()).isEmpty();
    }

    @Test
    void aLostGpuStaysUnhealthyUntilItIsBack() {
        HealthTracker t = tracker(node(gpu(0), gpu(1)), config(), XidPolicy.defaults(), Duration.ofSeconds(1));
        t.accept(new HealthEvent.GpuLost(gpuUuid(0)));
        assertThat(unhealthy()).containsExactly(gpuUuid(0));

        now.set(T0.plusSeconds(3600));
        assertThat(t.recoveryDue(now.get())).isEmpty();
        t.probed(gpuUuid(0), true, now.get());
        assertThat(unhealthy()).containsExactly(gpuUuid(0));

        t.accept(new HealthEvent.GpuBack(gpuUuid(0)));
        assertThat(unhealthy()).isEmpty();
        assertThat(log).contains("'nvidia.com/gpu' device marked healthy: " + gpuUuid(0));
    }

    @Test
    void anUnmonitorableDeviceIsUnhealthy() {
        HealthTracker t = tracker(node(migGpu(0, "1g.5gb", "1g.5gb")), config().withMigStrategy(MigStrategy.SINGLE));
        t.accept(new HealthEvent.Unmonitorable(migUuid(0, 1), "registration failed"));
        assertThat(unhealthy()).containsExactly(migUuid(0, 1));
    }

    @Test
    void oneFailedWaitChangesNothingButThreeInARowMarkEverything() {
        HealthTracker t = tracker(node(gpu(0), gpu(1)), config());
        t.accept(new HealthEvent.WaitFailed("timeout"));
        t.accept(new HealthEvent.WaitFailed("timeout"));
        assertThat(unhealthy()).isEmpty();
        t.accept(new HealthEvent.WaitFailed("timeout"));
        assertThat(unhealthy()).containsExactly(gpuUuid(0), gpuUuid(1));
    }

    @Test
    void theFailedWaitCountResetsOnSuccess() {
        HealthTracker t = tracker(node(gpu(0)), config());
        t.accept(new HealthEvent.WaitFailed("x"));
        t.accept(new HealthEvent.WaitFailed("x"));
        t.waitSucceeded();
        t.accept(new HealthEvent.WaitFailed("x"));
        t.accept(xid(0, 13));
        t.accept(new HealthEvent.WaitFailed("x"));
        t.accept(new HealthEvent.WaitFailed("x"));
        assertThat(unhealthy()).isEmpty();
    }

    @Test
    void failedWaitsFarApartAreNotInARow() {
        HealthTracker t = tracker(node(gpu(0)), config());
        t.accept(new HealthEvent.WaitFailed("x"));
        now.set(T0.plusSeconds(3600));
        t.accept(new HealthEvent.WaitFailed("x"));
        now.set(T0.plusSeconds(7200));
        t.accept(new HealthEvent.WaitFailed("x"));
        assertThat(unhealthy()).isEmpty();
        now.set(T0.plusSeconds(7210));
        t.accept(new HealthEvent.WaitFailed("x"));
        now.set(T0.plusSeconds(7220));
        t.accept(new HealthEvent.WaitFailed("x"));
        assertThat(unhealthy()).containsExactly(gpuUuid(0));
        assertThat(log).anyMatch(line -> line.contains("failed 3 times in a row"));
    }

    @Test
    void anXidFaultedGpuIsDueForAProbeAfterTheQuietPeriod() {
        HealthTracker t = tracker(node(gpu(0), gpu(1)), config(), XidPolicy.defaults(), Duration.ofMinutes(5));
        t.accept(xid(1, 79));
        now.set(T0.plusSeconds(120));
        t.accept(xid(1, 79)); // a new fault restarts the quiet period
        assertThat(t.recoveryDue(T0.plusSeconds(300))).isEmpty();
        assertThat(t.recoveryDue(T0.plusSeconds(420))).containsExactly(gpuUuid(1));

        t.probed(gpuUuid(1), false, T0.plusSeconds(420));
        assertThat(unhealthy()).containsExactly(gpuUuid(1));
        assertThat(t.recoveryDue(T0.plusSeconds(600))).isEmpty();
        assertThat(t.recoveryDue(T0.plusSeconds(720))).containsExactly(gpuUuid(1));

        t.probed(gpuUuid(1), true, T0.plusSeconds(720));
        assertThat(unhealthy()).isEmpty();
        assertThat(t.recoveryDue(T0.plusSeconds(10_000))).isEmpty();
    }

    @Test
    void aZeroRecoveryIntervalNeverRecovers() {
        HealthTracker t = tracker(node(gpu(0)), config(), XidPolicy.defaults(), Duration.ZERO);
        t.accept(xid(0, 79));
        assertThat(t.recoveryDue(T0.plus(Duration.ofDays(365)))).isEmpty();
        assertThat(unhealthy()).containsExactly(gpuUuid(0));
    }

    @Test
    void aRecoveredMigFaultMakesTheMigDeviceHealthy() {
        HealthTracker t = tracker(node(migGpu(0, "1g.5gb", "1g.5gb")), config().withMigStrategy(MigStrategy.SINGLE));
        t.accept(xidOnInstance(0, 48, 1, 0));
        assertThat(unhealthy()).containsExactly(migUuid(0, 0));
        assertThat(t.recoveryDue(T0.plus(Duration.ofMinutes(5)))).containsExactly(gpuUuid(0));
        t.probed(gpuUuid(0), true, T0.plus(Duration.ofMinutes(5)));
        assertThat(unhealthy()).isEmpty();
    }

    @Test
    void aPluginRegisteredLaterGetsTheCurrentHealth() {
        Node node = node(gpu(0));
        HealthTracker t = new HealthTracker(node, XidPolicy.defaults(), Duration.ZERO, now::get, log::add);
        t.accept(xid(0, 79));
        ResourceDevicePlugin p = new ResourceDevicePlugin(ResourcePlan.of(node, config()).resources().get(0), config(),
                node.topology(), x -> false, () -> "id");
        t.register(p);
        assertThat(p.devices()).extracting(AdvertisedDevice::health).containsExactly(Health.UNHEALTHY);
    }

    @Test
    void registeringAKeptPluginAgainTracksItOnceAndItsRetirementEndsTracking() {
        Node node = node(gpu(0));
        HealthTracker t = new HealthTracker(node, XidPolicy.defaults(), Duration.ZERO, now::get, log::add);
        ResourceDevicePlugin p = plugin(node, config());
        t.register(p);
        t.register(p);
        assertThat(t.tracked()).containsExactly(ResourceName.GPU);
        t.unregister(p);
        assertThat(t.tracked()).isEmpty();
        t.accept(xid(0, 79));
        assertThat(p.devices()).extracting(AdvertisedDevice::health).containsExactly(Health.HEALTHY);
    }

    @Test
    void followingAReconciliationKeepsSwapsAndRetires() {
        PluginConfig mixed = config().withMigStrategy(MigStrategy.MIXED);
        Node before = node(migGpu(0, "1g.5gb"), gpu(1), migGpu(2, "2g.10gb"));
        HealthTracker t = new HealthTracker(before, XidPolicy.defaults(), Duration.ZERO, now::get, log::add);
        ServedPlan first = new ServedPlan(ResourcePlan.of(before, mixed), mixed);
        Map<ResourceName, ResourceDevicePlugin> running = new HashMap<>();
        Reconciliation start = Reconciliation.firstStart(first);
        List<ResourceDevicePlugin> fresh = start.toServe().stream().map(d -> plugin(d, before, mixed)).toList();
        fresh.forEach(p -> running.put(p.resource(), p));
        t.follow(start, fresh);
        assertThat(t.tracked()).containsExactlyInAnyOrder(ResourceName.GPU, ResourceName.of("mig-1g.5gb"),
                ResourceName.of("mig-2g.10gb"));

        PluginConfig shared = timeSliced(mixed, false, false, "nvidia.com/gpu", 2);
        Node after = node(migGpu(0, "1g.5gb"), gpu(1), gpu(2));
        Reconciliation reload = Reconciliation.between(Optional.of(first),
                new ServedPlan(ResourcePlan.of(after, shared), shared));
        List<ResourceDevicePlugin> next = reload.toServe().stream().map(d -> plugin(d, after, shared)).toList();
        t.follow(reload, next);

        assertThat(reload.kept()).containsExactly(ResourceName.of("mig-1g.5gb"));
        assertThat(reload.retired()).containsExactly(ResourceName.of("mig-2g.10gb"));
        assertThat(t.tracked()).containsExactlyInAnyOrder(ResourceName.GPU, ResourceName.of("mig-1g.5gb"));
        t.accept(xid(1, 79));
        ResourceDevicePlugin swappedOut = running.get(ResourceName.GPU);
        ResourceDevicePlugin successor = next.stream().filter(p -> p.resource().equals(ResourceName.GPU)).findFirst()
                .orElseThrow();
        assertThat(swappedOut.devices()).extracting(AdvertisedDevice::health).containsOnly(Health.HEALTHY);
        assertThat(successor.devices()).filteredOn(d -> d.gpuUuid().equals(gpuUuid(1)))
                .extracting(AdvertisedDevice::health).containsOnly(Health.UNHEALTHY);
    }

    private static ResourceDevicePlugin plugin(Node node, PluginConfig config) {
        return plugin(ResourcePlan.of(node, config).resources().get(0), node, config);
    }

    private static ResourceDevicePlugin plugin(ResourceDevices devices, Node node, PluginConfig config) {
        return new ResourceDevicePlugin(devices, config, node.topology(), x -> false, () -> "id");
    }
}
