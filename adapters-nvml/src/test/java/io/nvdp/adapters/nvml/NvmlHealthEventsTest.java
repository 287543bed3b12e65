package io.nvdp.adapters.nvml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.nvdp.domain.model.Node;
import io.nvdp.domain.port.DiscoveryException;
import io.nvdp.domain.port.HealthEvent;
import io.nvdp.domain.port.HealthEvents;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NvmlHealthEventsTest {
    private static final Duration WITHIN = Duration.ofSeconds(1);

    @TempDir
    Path dir;

    private final List<HealthEvent> events = new CopyOnWriteArrayList<>();

    private static final String NODE = """
            gpu 0
              uuid GPU-00000000-0000-0000-0000-000000000000
              bus_id 00000000:07:00.0
            gpu 1
              uuid GPU-11111111-0000-0000-0000-000000000000
              bus_id 00000000:0F:00.0
              memory_mib 40960
              mig_mode 1
              gi_profile 0 4864
              mig 0 MIG-11111111-0000-0000-0000-00000000000a 7 0 0 0 4864
              mig 1 MIG-11111111-0000-0000-0000-00000000000b 8 0 0 0 4864
            """;

    private Node discover(FakeNvml fake) {
        return new NvmlGpuInventory(fake.library(), dir, dir).discover();
    }

    private static boolean healthThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("nvml-health-events") && t.isAlive());
    }

    @Test
    void xidOnAFullGpuIsDeliveredRaw() {
        FakeNvml fake = FakeNvml.withNode(dir, NODE);
        Node node = discover(fake);
        NvmlHealthEvents health = new NvmlHealthEvents(fake.library());

        try (HealthEvents.Watch watch = health.start(node, events::add)) {
            fake.command("xid 0 79");
            await().atMost(WITHIN).until(() -> !events.isEmpty());
        }

        assertThat(events).containsExactly(HealthEvent.Xid.onGpu("GPU-00000000-0000-0000-0000-000000000000", 79));
    }

    @Test
    void xidOnAMigInstanceCarriesItsGpuAndComputeInstance() {
        FakeNvml fake = FakeNvml.withNode(dir, NODE);
        Node node = discover(fake);
        NvmlHealthEvents health = new NvmlHealthEvents(fake.library());

        try (HealthEvents.Watch watch = health.start(node, events::add)) {
            fake.command("xid 1 48 9 0");  // no MIG device has GI 9: ignored
            fake.command("xid 1 48 8 0");
            await().atMost(WITHIN).until(() -> !events.isEmpty());
        }

        assertThat(events).containsExactly(new HealthEvent.Xid("GPU-11111111-0000-0000-0000-000000000000", 48,
                OptionalInt.of(8), OptionalInt.of(0)));
    }

    @Test
    void eccEventsAreSkipped() {
        FakeNvml fake = FakeNvml.withNode(dir, NODE);
        Node node = discover(fake);
        NvmlHealthEvents health = new NvmlHealthEvents(fake.library());

        try (HealthEvents.Watch watch = health.start(node, events::add)) {
            fake.command("ecc 0 double");
            fake.command("xid 0 31");
            await().atMost(WITHIN).until(() -> !events.isEmpty());
        }

        assertThat(events).containsExactly(HealthEvent.Xid.onGpu("GPU-00000000-0000-0000-0000-000000000000", 31));
    }

    @Test
    void aLostGpuIsReportedAndUnusableUntilItComesBack() {
        FakeNvml fake = FakeNvml.withNode(dir, NODE);
        Node node = discover(fake);
        NvmlHealthEvents health = new NvmlHealthEvents(fake.library(), Duration.ofMillis(200));
        String gpu0 = "GPU-00000000-0000-0000-0000-000000000000";

        try (HealthEvents.Watch watch = health.start(node, events::add)) {
            fake.command("lost 0");
            await().atMost(WITHIN).until(() -> events.contains(new HealthEvent.GpuLost(gpu0)));
            assertThat(health.isUsable(gpu0)).isFalse();
            assertThat(health.isUsable("GPU-11111111-0000-0000-0000-000000000000")).isTrue();

            fake.command("back 0");
            assertThat(health.isUsable(gpu0)).isTrue();
            await().atMost(WITHIN).until(() -> events.contains(new HealthEvent.GpuBack(gpu0)));
        }

        assertThat(events).containsExactly(new HealthEvent.GpuLost(gpu0), new HealthEvent.GpuBack(gpu0));
    }

    @Test
    void closeStopsTheWatchThread() {
        FakeNvml fake = FakeNvml.withNode(dir, NODE);
        Node node = discover(fake);
        HealthEvents.Watch watch = new NvmlHealthEvents(fake.library()).start(node, events::add);
        assertThat(healthThreadAlive()).isTrue();

        watch.close();

        assertThat(healthThreadAlive()).isFalse();
    }

    @Test
    void registrationFailureMakesTheGpuAndItsMigDevicesUnmonitorable() {
        FakeNvml fake = FakeNvml.withNode(dir, NODE + "  register_result UNKNOWN\n");
        Node node = discover(fake);

        try (HealthEvents.Watch watch = new NvmlHealthEvents(fake.library()).start(node, events::add)) {
            await().atMost(WITHIN).until(() -> events.size() == 3);
        }

        assertThat(events).extracting(e -> ((HealthEvent.Unmonitorable) e).deviceUuid()).containsExactly(
                "GPU-11111111-0000-0000-0000-000000000000",
                "MIG-11111111-0000-0000-0000-00000000000a",
                "MIG-11111111-0000-0000-0000-00000000000b");
    }

    @Test
    void gpusTooOldForEventsAreOnlyLogged() {
        FakeNvml fake = FakeNvml.withNode(dir, NODE.replace("gpu 1\n", "  register_result NOT_SUPPORTED\ngpu 1\n"));
        Node node = discover(fake);

        try (HealthEvents.Watch watch = new NvmlHealthEvents(fake.library()).start(node, events::add)) {
            fake.command("xid 0 79");
            fake.command("xid 1 79");
            await().atMost(WITHIN).until(() -> !events.isEmpty());
        }

        assertThat(events).containsExactly(HealthEvent.Xid.onGpu("GPU-11111111-0000-0000-0000-000000000000", 79));
    }

    @Test
    void initFailureUsesUpstreamsHealthCheckerText() {
        FakeNvml fake = FakeNvml.withNode(dir, "init_error DRIVER_NOT_LOADED\n");

        assertThatThrownBy(() -> new NvmlHealthEvents(fake.library()).start(new Node(List.of(),
                io.nvdp.domain.model.Topology.empty()), events::add))
                .isInstanceOf(DiscoveryException.class)
                .hasMessage("failed to initialize NVML: ERROR_DRIVER_NOT_LOADED");
    }

    @Test
    void legacyMigUuidsParseIntoParentAndInstances() throws Exception {
        assertThat(NvmlHealthEvents.parseLegacyMigUuid("MIG-GPU-5c89852c-d268-c3f3-1b07-005d5ae1dc3f/3/0"))
                .isEqualTo(new NvmlHealthEvents.Placement("GPU-5c89852c-d268-c3f3-1b07-005d5ae1dc3f", 3, 0));
        for (String bad : List.of("MIG-5c89852c-d268-c3f3-1b07-005d5ae1dc3f", "GPU-5c89852c", "MIG-GPU-5c89852c/3",
                "MIG-GPU-5c89852c/x/0", "")) {
            assertThatThrownBy(() -> NvmlHealthEvents.parseLegacyMigUuid(bad))
                    .hasMessage("unable to parse UUID as MIG device");
        }
    }
}
