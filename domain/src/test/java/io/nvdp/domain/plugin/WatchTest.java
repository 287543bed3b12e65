package io.nvdp.domain.plugin;

import static io.nvdp.domain.fixtures.Nodes.config;
import static io.nvdp.domain.fixtures.Nodes.gpu;
import static io.nvdp.domain.fixtures.Nodes.gpuUuid;
import static io.nvdp.domain.fixtures.Nodes.node;
import static org.assertj.core.api.Assertions.assertThat;

import io.nvdp.domain.model.AdvertisedDevice;
import io.nvdp.domain.model.Health;
import io.nvdp.domain.plan.ResourcePlan;
import io.nvdp.domain.port.DevicePlugin;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WatchTest {
    private final ResourceDevicePlugin plugin = new ResourceDevicePlugin(
            ResourcePlan.of(node(gpu(0), gpu(1)), config()).resources().get(0), config(),
            node().topology(), p -> false, () -> "id");

    static final class Recorder implements DevicePlugin.DeviceListener {
        final List<List<AdvertisedDevice>> lists = new ArrayList<>();
        int closed;

        @Override
        public void devicesChanged(List<AdvertisedDevice> devices) {
            lists.add(devices);
        }

        @Override
        public void closed() {
            closed++;
        }
    }

    @Test
    void aWatchGetsTheFullListAtOnce() {
        Recorder r = new Recorder();
        plugin.watch(r);
        assertThat(r.lists).hasSize(1);
        assertThat(r.lists.get(0)).extracting(AdvertisedDevice::id).containsExactly(gpuUuid(0), gpuUuid(1));
    }

    @Test
    void aHealthChangeSendsTheFullListAgain() {
        Recorder r = new Recorder();
        plugin.watch(r);
        List<AdvertisedDevice> changed = plugin.updateHealth(d -> d.id().equals(gpuUuid(1)) ? Health.UNHEALTHY : Health.HEALTHY);

        assertThat(changed).extracting(AdvertisedDevice::id).containsExactly(gpuUuid(1));
        assertThat(r.lists).hasSize(2);
        assertThat(r.lists.get(1)).extracting(AdvertisedDevice::health).containsExactly(Health.HEALTHY, Health.UNHEALTHY);
        assertThat(plugin.devices()).isEqualTo(r.lists.get(1));
    }

    @Test
    void anUpdateThatChangesNothingSendsNothing() {
        Recorder r = new Recorder();
        plugin.watch(r);
        assertThat(plugin.updateHealth(d -> Health.HEALTHY)).isEmpty();
        assertThat(r.lists).hasSize(1);
    }

    @Test
    void aClosedWatchHearsNoMore() {
        Recorder r = new Recorder();
        plugin.watch(r).close();
        plugin.updateHealth(d -> Health.UNHEALTHY);
        assertThat(r.lists).hasSize(1);
    }

    @Test
    void stopClosesEveryWatchAndLaterWatchesCloseAtOnce() {
        Recorder first = new Recorder();
        Recorder second = new Recorder();
        plugin.watch(first);
        plugin.watch(second);
        plugin.stop();
        plugin.stop();
        assertThat(first.closed).isEqualTo(1);
        assertThat(second.closed).isEqualTo(1);
        assertThat(plugin.isStopped()).isTrue();

        Recorder late = new Recorder();
        plugin.watch(late);
        assertThat(late.lists).hasSize(1);
        assertThat(late.closed).isEqualTo(1);
    }

    @Test
    void retiringSendsAnEmptyListBeforeClosing() {
        Recorder r = new Recorder();
        plugin.watch(r);
        plugin.retire();
        plugin.retire();
        assertThat(r.lists).hasSize(2);
        assertThat(r.lists.get(1)).isEmpty();
        assertThat(r.closed).isEqualTo(1);
        assertThat(plugin.isStopped()).isTrue();
    }

    @Test
    void snapshotComparesWithAFreshPlanIgnoringHealth() {
        plugin.updateHealth(d -> Health.UNHEALTHY);
        assertThat(plugin.snapshot().sameDevicesAs(ResourcePlan.of(node(gpu(0), gpu(1)), config()).resources().get(0)))
                .isTrue();
    }

    @Test
    void concurrentHealthUpdatesReachWatchersInOrderAndEndConsistent() throws Exception {
        Recorder r = new Recorder();
        plugin.watch(r);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int seed = t;
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 500; i++) {
                    boolean sick = (i + seed) % 2 == 0;
                    plugin.updateHealth(d -> sick ? Health.UNHEALTHY : Health.HEALTHY);
                    plugin.preferredAllocation(List.of(new io.nvdp.domain.allocation.PreferredAllocationRequest(
                            List.of(gpuUuid(0), gpuUuid(1)), List.of(), 0)));
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(r.lists).allSatisfy(list -> assertThat(list).hasSize(2));
        assertThat(r.lists.get(r.lists.size() - 1)).isEqualTo(plugin.devices());
        for (int i = 1; i < r.lists.size(); i++) {
            assertThat(r.lists.get(i)).isNotEqualTo(r.lists.get(i - 1));
        }
    }
}
