package io.nvdp.bootstrap;

import static io.nvdp.bootstrap.DaemonFixture.FOUR_REPLICAS;
import static io.nvdp.bootstrap.DaemonFixture.PLAIN;
import static io.nvdp.bootstrap.DaemonFixture.SHARED;
import static org.assertj.core.api.Assertions.assertThat;

import io.nvdp.domain.model.AdvertisedDevice;
import io.nvdp.domain.model.ResourceName;
import io.nvdp.domain.port.DevicePlugin;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The daemon's start, reloads and stop over fake ports, called directly as the lifecycle's worker does. */
class DaemonTest {
    private static final ResourceName GPU = ResourceName.GPU;
    private static final ResourceName SHARED_GPU = ResourceName.of("gpu.shared");
    private static final ResourceName MIG_1G = ResourceName.of("mig-1g.5gb");

    private DaemonFixture fixture;
    private Daemon daemon;

    @BeforeEach
    void startDaemon() throws Exception {
        fixture = new DaemonFixture(PLAIN);
        daemon = fixture.daemon();
        daemon.start();
    }

    @AfterEach
    void stopDaemon() throws Exception {
        daemon.stop();
        fixture.close();
    }

    @Test
    void aKeptPluginStaysTrackedOnceAndARetiredOneIsNoLongerTracked() throws Exception {
        DevicePlugin mig = fixture.host.plugin(MIG_1G.value());
        assertThat(daemon.trackedResources()).isEqualTo(fixture.host.serving()).contains(GPU, MIG_1G);

        reloadWith(SHARED);
        assertThat(fixture.host.plugin(MIG_1G.value())).as("kept: the same plugin").isSameAs(mig);
        assertThat(daemon.trackedResources()).isEqualTo(fixture.host.serving()).contains(SHARED_GPU, MIG_1G)
                .doesNotContain(GPU);

        reloadWith(PLAIN);
        assertThat(fixture.host.plugin(MIG_1G.value())).isSameAs(mig);
        assertThat(daemon.trackedResources()).isEqualTo(fixture.host.serving()).contains(GPU)
                .doesNotContain(SHARED_GPU);
    }

    @Test
    void aReplacedPluginIsSwappedEverywhere() throws Exception {
        DevicePlugin before = fixture.host.plugin(GPU.value());
        reloadWith(FOUR_REPLICAS);
        DevicePlugin after = fixture.host.plugin(GPU.value());
        assertThat(after).isNotSameAs(before);
        assertThat(after.devices()).hasSize(8);
        assertThat(daemon.trackedResources()).isEqualTo(fixture.host.serving());
    }

    @Test
    void aRetiredResourceTellsItsWatchersItIsEmptyThenEndsTheirWatch() throws Exception {
        List<List<AdvertisedDevice>> seen = new CopyOnWriteArrayList<>();
        AtomicBoolean closed = new AtomicBoolean();
        fixture.host.plugin(GPU.value()).watch(new DevicePlugin.DeviceListener() {
            @Override
            public void devicesChanged(List<AdvertisedDevice> devices) {
                seen.add(devices);
            }

            @Override
            public void closed() {
                closed.set(true);
            }
        });

        reloadWith(SHARED);

        assertThat(seen).hasSize(2);
        assertThat(seen.get(0)).hasSize(2);
        assertThat(seen.get(1)).isEmpty();
        assertThat(closed).isTrue();
        assertThat(fixture.host.serving()).doesNotContain(GPU);
        assertThat(daemon.trackedResources()).doesNotContain(GPU);
    }

    @Test
    void aHundredReloadsAlternatingTwoConfigsTrackExactlyWhatIsServed() throws Exception {
        for (int i = 1; i <= 100; i++) {
            boolean shared = i % 2 == 1;
            reloadWith(shared ? SHARED : PLAIN);
            assertThat(fixture.host.capacities()).as("reload %d", i)
                    .containsEntry(shared ? "nvidia.com/gpu.shared" : "nvidia.com/gpu", shared ? 4 : 2)
                    .doesNotContainKey(shared ? "nvidia.com/gpu" : "nvidia.com/gpu.shared")
                    .containsEntry("nvidia.com/mig-1g.5gb", 5);
            assertThat(daemon.trackedResources()).as("reload %d", i).isEqualTo(fixture.host.serving());
        }
        assertThat(fixture.metrics.scrape()).contains("nvdp_health_tracked_plugins 4\n")
                .contains("nvdp_served_plugins 4\n").contains("nvdp_reloads_total{result=\"applied\"} 100\n");
    }

    @Test
    void stopServesNothingAndTracksNothing() {
        daemon.stop();
        assertThat(fixture.host.serving()).isEmpty();
        assertThat(daemon.trackedResources()).isEmpty();
        assertThat(daemon.isStarted()).isFalse();
    }

    private void reloadWith(String config) throws Exception {
        fixture.writeConfig(config);
        daemon.reload();
    }
}
