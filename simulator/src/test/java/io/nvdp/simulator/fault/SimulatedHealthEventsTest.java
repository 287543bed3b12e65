package io.nvdp.simulator.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.nvdp.domain.model.MigDevice;
import io.nvdp.domain.model.Node;
import io.nvdp.domain.model.Topology;
import io.nvdp.domain.port.HealthEvent;
import io.nvdp.domain.port.HealthEvents;
import io.nvdp.simulator.inventory.SimulatedGpuInventory;
import io.nvdp.simulator.profile.NodeProfile;
import io.nvdp.simulator.profile.NodeProfiles;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SimulatedHealthEventsTest {
    private static final String T4_NODE = """
            gpuDefaults: {product: Tesla T4, memoryMiB: 15360, computeCapability: "7.5"}
            gpus: [{}, {}, {}, {}, {}, {}]
            """;

    private final List<HealthEvents.Watch> watches = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeWatches() {
        watches.forEach(HealthEvents.Watch::close);
    }

    @Test
    void scheduledFaultsReachTheSinkInTheirOrder() {
        NodeProfile profile = NodeProfiles.parse(T4_NODE + """
                faults:
                  - {after: 60ms, gpu: 5, back: true}
                  - {after: 10ms, gpu: 3, xid: 79}
                  - {after: 30ms, gpu: 5, lost: true}
                  - {after: 80ms, waitError: true}
                """, "f.yaml", "f");
        SimulatedHealthEvents health = new SimulatedHealthEvents(profile);
        List<HealthEvent> seen = new CopyOnWriteArrayList<>();

        start(health, profile, seen::add);

        await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 4);
        assertThat(seen).containsExactly(
                HealthEvent.Xid.onGpu(profile.gpu(3).uuid(), 79),
                new HealthEvent.GpuLost(profile.gpu(5).uuid()),
                new HealthEvent.GpuBack(profile.gpu(5).uuid()),
                new HealthEvent.WaitFailed("simulated wait error"));
        assertThat(health.isUsable(profile.gpu(5).uuid())).isTrue();
    }

    @Test
    void aScheduledXidCanTargetOneMigDevice() {
        NodeProfile profile = NodeProfiles.parse("""
                gpus:
                  - {product: NVIDIA A100-SXM4-40GB, memoryMiB: 40960, computeCapability: "8.0",
                     supportedMigProfiles: [1g.5gb], migEnabled: true, migDevices: [{profile: 1g.5gb, gi: 7}]}
                faults:
                  - {after: 0ms, gpu: 0, xid: 48, gi: 7, ci: 0}
                """, "m.yaml", "m");
        List<HealthEvent> seen = new CopyOnWriteArrayList<>();

        start(new SimulatedHealthEvents(profile), profile, seen::add);

        await().atMost(Duration.ofSeconds(10)).until(() -> !seen.isEmpty());
        assertThat(seen).containsExactly(
                new HealthEvent.Xid(profile.gpu(0).uuid(), 48, OptionalInt.of(7), OptionalInt.of(0)));
    }

    @Test
    void aLostGpuIsUnusableUntilItIsBackAndAnXidLeavesItUsable() {
        NodeProfile profile = NodeProfiles.parse(T4_NODE, "l.yaml", "l");
        SimulatedHealthEvents health = new SimulatedHealthEvents(profile);
        String gpu2 = profile.gpu(2).uuid();

        health.injectXid("2", 79);
        assertThat(health.isUsable(gpu2)).isTrue();
        health.lose(gpu2);
        assertThat(health.isUsable(gpu2)).isFalse();
        assertThat(health.isUsable(profile.gpu(1).uuid())).isTrue();
        assertThat(health.lostGpus()).containsExactly(gpu2);
        health.restore("2");
        assertThat(health.isUsable(gpu2)).isTrue();
    }

    @Test
    void aMigUuidMakesTheXidNameItsGpuAndInstances() {
        NodeProfile profile = NodeProfiles.load("a100-mig");
        SimulatedHealthEvents health = new SimulatedHealthEvents(profile);
        MigDevice mig = profile.gpu(1).migDevices().get(2);
        List<HealthEvent> seen = new CopyOnWriteArrayList<>();
        start(health, profile, seen::add);

        health.injectXid(mig.uuid(), 94);

        await().atMost(Duration.ofSeconds(10)).until(() -> !seen.isEmpty());
        assertThat(seen).containsExactly(new HealthEvent.Xid(profile.gpu(1).uuid(), 94,
                OptionalInt.of(mig.gpuInstanceId()), OptionalInt.of(mig.computeInstanceId())));
        assertThat(health.isUsable(mig.uuid())).isTrue();
    }

    @Test
    void aWatchHearsOnlyAboutTheGpusOfItsNode() {
        NodeProfile profile = NodeProfiles.parse(T4_NODE, "w.yaml", "w");
        SimulatedHealthEvents health = new SimulatedHealthEvents(profile);
        List<HealthEvent> seen = new CopyOnWriteArrayList<>();
        watches.add(health.start(new Node(List.of(profile.gpu(0)), Topology.empty()), seen::add));

        health.injectXid("1", 79);
        health.lose("1");
        health.injectXid("0", 31);

        await().atMost(Duration.ofSeconds(10)).until(() -> !seen.isEmpty());
        assertThat(seen).containsExactly(HealthEvent.Xid.onGpu(profile.gpu(0).uuid(), 31));
    }

    @Test
    void everyOpenWatchHearsAWaitError() {
        NodeProfile profile = NodeProfiles.parse(T4_NODE, "e.yaml", "e");
        SimulatedHealthEvents health = new SimulatedHealthEvents(profile);
        List<HealthEvent> first = new CopyOnWriteArrayList<>();
        List<HealthEvent> second = new CopyOnWriteArrayList<>();
        start(health, profile, first::add);
        start(health, profile, second::add);

        health.failWait("boom");

        await().atMost(Duration.ofSeconds(10)).until(() -> first.size() == 1 && second.size() == 1);
        assertThat(first).containsExactly(new HealthEvent.WaitFailed("boom"));
        assertThat(second).containsExactly(new HealthEvent.WaitFailed("boom"));
    }

    @Test
    void aNewWatchIsToldAtOnceWhichGpusAreLost() {
        NodeProfile profile = NodeProfiles.parse(T4_NODE, "n.yaml", "n");
        SimulatedHealthEvents health = new SimulatedHealthEvents(profile);
        health.lose("4");
        health.lose("4");
        List<HealthEvent> seen = new CopyOnWriteArrayList<>();

        start(health, profile, seen::add);
        health.injectXid("0", 13);

        await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 2);
        assertThat(seen).containsExactly(new HealthEvent.GpuLost(profile.gpu(4).uuid()),
                HealthEvent.Xid.onGpu(profile.gpu(0).uuid(), 13));
    }

    @Test
    void aFaultDueWhileNoWatchIsOpenFiresWhenTheNextOneStarts() {
        NodeProfile profile = NodeProfiles.parse(T4_NODE + """
                faults:
                  - {after: 300ms, gpu: 1, xid: 79}
                """, "d.yaml", "d");
        SimulatedHealthEvents health = new SimulatedHealthEvents(profile);
        List<HealthEvent> missed = new CopyOnWriteArrayList<>();
        health.start(new SimulatedGpuInventory(profile).discover(), missed::add).close();
        await().pollDelay(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> true);
        List<HealthEvent> seen = new CopyOnWriteArrayList<>();

        start(health, profile, seen::add);

        await().atMost(Duration.ofSeconds(10)).until(() -> !seen.isEmpty());
        assertThat(seen).containsExactly(HealthEvent.Xid.onGpu(profile.gpu(1).uuid(), 79));
        assertThat(missed).isEmpty();
    }

    @Test
    void aFailingSinkDoesNotStopTheWatch() {
        NodeProfile profile = NodeProfiles.parse(T4_NODE, "s.yaml", "s");
        SimulatedHealthEvents health = new SimulatedHealthEvents(profile);
        List<HealthEvent> seen = new CopyOnWriteArrayList<>();
        start(health, profile, event -> {
            seen.add(event);
            if (seen.size() == 1) {
                throw new IllegalStateException("sink trouble");
            }
        });

        health.injectXid("0", 79);
        health.injectXid("1", 79);

        await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 2);
        assertThat(seen).extracting(e -> ((HealthEvent.Xid) e).gpuUuid())
                .containsExactly(profile.gpu(0).uuid(), profile.gpu(1).uuid());
    }

    @Test
    void closingEveryWatchLeavesNoThreadBehind() {
        NodeProfile profile = NodeProfiles.parse(T4_NODE + """
                faults:
                  - {after: 1h, gpu: 1, xid: 79}
                """, "c.yaml", "c");
        SimulatedHealthEvents health = new SimulatedHealthEvents(profile);
        Node node = new SimulatedGpuInventory(profile).discover();
        HealthEvents.Watch first = health.start(node, e -> { });
        HealthEvents.Watch second = health.start(node, e -> { });
        assertThat(healthThreads()).isNotEmpty();

        first.close();
        second.close();
        second.close();

        await().atMost(Duration.ofSeconds(5)).until(() -> healthThreads().isEmpty());
        assertThat(healthThreads()).isEmpty();
    }

    @Test
    void unknownTargetsAreRefusedWithOneLine() {
        NodeProfile profile = NodeProfiles.load("a100-mig");
        SimulatedHealthEvents health = new SimulatedHealthEvents(profile);

        assertThatThrownBy(() -> health.injectXid("9", 79)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown GPU '9' (expected an index 0..3, a GPU UUID or a MIG UUID of profile a100-mig)");
        assertThatThrownBy(() -> health.lose(profile.gpu(0).migDevices().getFirst().uuid()))
                .hasMessageEndingWith("is a MIG device; only a whole GPU can be lost");
        assertThatThrownBy(() -> health.injectXid("0", 79, OptionalInt.of(1), OptionalInt.empty()))
                .hasMessage("a GPU instance id and a compute instance id go together");
    }

    private void start(SimulatedHealthEvents health, NodeProfile profile, java.util.function.Consumer<HealthEvent> sink) {
        watches.add(health.start(new SimulatedGpuInventory(profile).discover(), sink));
    }

    static List<String> healthThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(n -> n.startsWith(SimulatedHealthEvents.THREAD_NAME_PREFIX))
                .toList();
    }
}
