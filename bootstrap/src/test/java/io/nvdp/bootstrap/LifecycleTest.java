package io.nvdp.bootstrap;

import static io.nvdp.bootstrap.DaemonFixture.BROKEN;
import static io.nvdp.bootstrap.DaemonFixture.FOUR_REPLICAS;
import static io.nvdp.bootstrap.DaemonFixture.PLAIN;
import static io.nvdp.bootstrap.DaemonFixture.SHARED;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The lifecycle over fake ports: every wait is for an event (a gate the test opens, a change the
 * fake host reports, the lifecycle becoming idle), bounded only against a hang.
 */
class LifecycleTest {
    /** a100-mig, mixed, no sharing. */
    private static final Map<String, Integer> PLAIN_CAPACITY = Map.of("nvidia.com/gpu", 2,
            "nvidia.com/mig-1g.5gb", 5, "nvidia.com/mig-2g.10gb", 3, "nvidia.com/mig-3g.20gb", 1);
    private static final Map<String, Integer> SHARED_CAPACITY = Map.of("nvidia.com/gpu.shared", 4,
            "nvidia.com/mig-1g.5gb", 5, "nvidia.com/mig-2g.10gb", 3, "nvidia.com/mig-3g.20gb", 1);
    private static final Map<String, Integer> FOUR_REPLICAS_CAPACITY = Map.of("nvidia.com/gpu", 8,
            "nvidia.com/mig-1g.5gb", 5, "nvidia.com/mig-2g.10gb", 3, "nvidia.com/mig-3g.20gb", 1);

    private DaemonFixture fixture;
    private LifecycleHarness harness;

    @AfterEach
    void tearDown() throws Exception {
        if (harness != null) {
            harness.lifecycle.requestStop();
            harness.awaitExit();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    private LifecycleHarness start(String config, String... flags) throws Exception {
        fixture = new DaemonFixture(config, flags);
        harness = new LifecycleHarness(fixture);
        return harness;
    }

    @Test
    void aConfigSwitchDuringStartIsApplied() throws Exception {
        start(PLAIN);
        CountDownLatch discovery = fixture.holdDiscovery();
        harness.run();
        fixture.awaitDiscoveryEntered();

        fixture.writeConfig(SHARED);
        harness.watcherNoticed();
        discovery.countDown();

        assertThat(fixture.host.awaitCapacities(SHARED_CAPACITY::equals)).isEqualTo(SHARED_CAPACITY);
        harness.awaitIdle();
        assertThat(fixture.loads).as("the initial load and one reload").hasValue(2);
        assertThat(harness.watcherBaseline()).isEqualTo(fixture.content.current());
    }

    @Test
    void aSighupDuringStartIsAppliedAfterTheStart() throws Exception {
        start(PLAIN);
        CountDownLatch discovery = fixture.holdDiscovery();
        harness.run();
        fixture.awaitDiscoveryEntered();

        fixture.writeConfig(FOUR_REPLICAS);
        harness.sighup();
        discovery.countDown();

        assertThat(fixture.host.awaitCapacities(FOUR_REPLICAS_CAPACITY::equals)).isEqualTo(FOUR_REPLICAS_CAPACITY);
        harness.awaitIdle();
        assertThat(fixture.loads).hasValue(2);
    }

    @Test
    void theWatcherIsComparedWithWhatTheRunningConfigWasLoadedFromNotWithTheFileAtWatchStart() throws Exception {
        start(PLAIN);
        // The file changes between the initial load and the start of the watch.
        fixture.writeConfig(SHARED);
        harness.run();
        assertThat(harness.watcherBaseline()).isNotEqualTo(fixture.content.current());
        harness.watcherNoticed();
        assertThat(fixture.host.awaitCapacities(SHARED_CAPACITY::equals)).isEqualTo(SHARED_CAPACITY);
    }

    @Test
    void aBurstOfFiftyReloadsDuringStartEndsWithTheNewestContentAppliedOnce() throws Exception {
        start(PLAIN);
        CountDownLatch discovery = fixture.holdDiscovery();
        harness.run();
        fixture.awaitDiscoveryEntered();

        for (int i = 0; i < 50; i++) {
            fixture.writeConfig(i % 2 == 0 ? SHARED : FOUR_REPLICAS);
            if (i % 3 == 0) {
                harness.sighup();
            } else {
                harness.watcherNoticed();
            }
        }
        discovery.countDown();

        assertThat(fixture.host.awaitCapacities(FOUR_REPLICAS_CAPACITY::equals)).isEqualTo(FOUR_REPLICAS_CAPACITY);
        harness.awaitIdle();
        assertThat(fixture.loads).as("the initial load and one reload for the whole burst").hasValue(2);
        assertThat(fixture.host.capacities()).isEqualTo(FOUR_REPLICAS_CAPACITY);
    }

    @Test
    void aBurstOfFiftyReloadsDuringAReloadIsOneMoreReloadWithTheNewestContent() throws Exception {
        start(PLAIN);
        harness.run();
        fixture.host.awaitCapacities(PLAIN_CAPACITY::equals);
        harness.awaitIdle();

        CountDownLatch load = fixture.holdLoads();
        fixture.writeConfig(SHARED);
        harness.sighup();
        fixture.awaitLoadEntered();
        for (int i = 0; i < 50; i++) {
            fixture.writeConfig(i % 2 == 0 ? PLAIN : FOUR_REPLICAS);
            harness.sighup();
            harness.watcherNoticed();
        }
        load.countDown();

        assertThat(fixture.host.awaitCapacities(FOUR_REPLICAS_CAPACITY::equals)).isEqualTo(FOUR_REPLICAS_CAPACITY);
        harness.awaitIdle();
        // The reload in flight read the file after the burst; the one queued behind it reads it once more.
        assertThat(fixture.loads).hasValue(3);
        assertThat(fixture.host.capacities()).isEqualTo(FOUR_REPLICAS_CAPACITY);
    }

    @Test
    void aSighupAndTheWatcherSeeingTheSameChangeReloadOnce() throws Exception {
        start(PLAIN);
        harness.run();
        fixture.host.awaitCapacities(PLAIN_CAPACITY::equals);
        harness.awaitIdle();

        fixture.writeConfig(SHARED);
        harness.watcherNoticed();
        harness.awaitIdle();
        harness.sighup();
        harness.awaitIdle();
        // And the other order.
        fixture.writeConfig(PLAIN);
        harness.sighup();
        harness.awaitIdle();
        harness.watcherNoticed();
        harness.awaitIdle();

        assertThat(fixture.loads).as("the initial load and one reload per change").hasValue(3);
        assertThat(fixture.host.capacities()).isEqualTo(PLAIN_CAPACITY);
    }

    @Test
    void aBrokenConfigKeepsTheRunningOneAndIsNotReadAgainUntilTheFileChanges() throws Exception {
        start(PLAIN);
        harness.run();
        fixture.host.awaitCapacities(PLAIN_CAPACITY::equals);
        harness.awaitIdle();
        int applied = fixture.host.applied();

        fixture.writeConfig(BROKEN);
        harness.sighup();
        harness.awaitIdle();
        harness.watcherNoticed();
        harness.awaitIdle();
        assertThat(fixture.loads).hasValue(2);
        assertThat(fixture.host.applied()).isEqualTo(applied);
        assertThat(fixture.host.capacities()).isEqualTo(PLAIN_CAPACITY);
        assertThat(fixture.metrics.scrape()).contains("nvdp_reloads_total{result=\"rejected\"} 1\n");

        fixture.writeConfig(SHARED);
        harness.watcherNoticed();
        assertThat(fixture.host.awaitCapacities(SHARED_CAPACITY::equals)).isEqualTo(SHARED_CAPACITY);
    }

    @Test
    void aReloadAskedForDuringStopIsNotApplied() throws Exception {
        start(PLAIN);
        harness.run();
        fixture.host.awaitCapacities(PLAIN_CAPACITY::equals);
        harness.awaitIdle();

        CountDownLatch stop = fixture.host.holdStop();
        harness.sigterm();
        fixture.host.awaitStopEntered();
        fixture.writeConfig(SHARED);
        harness.sighup();
        stop.countDown();

        assertThat(harness.awaitExit()).isZero();
        assertThat(fixture.loads).hasValue(1);
        assertThat(fixture.host.serving()).isEmpty();
        assertThat(fixture.host.stops()).isEqualTo(1);
        assertThat(harness.watching()).as("the watch ended").isFalse();
    }

    @Test
    void sigtermDuringStartStopsOnceTheStartIsOverAndASecondOneExitsAtOnce() throws Exception {
        start(PLAIN);
        CountDownLatch discovery = fixture.holdDiscovery();
        harness.run();
        fixture.awaitDiscoveryEntered();

        harness.sigterm();
        assertThat(harness.halts).isEmpty();
        harness.sigterm();
        assertThat(harness.halts).containsExactly(Lifecycle.EXIT_ON_SECOND_SIGNAL);
        discovery.countDown();

        assertThat(harness.awaitExit()).isZero();
        assertThat(fixture.host.serving()).isEmpty();
        assertThat(fixture.host.stops()).isEqualTo(1);
        assertThat(harness.serving).as("never reported as serving").isNotDone();
    }

    @Test
    void aChangeWhileIdleAfterAFailedDiscoveryStartsWithTheNewConfig() throws Exception {
        start(PLAIN, "--fail-on-init-error=false");
        fixture.failDiscoveries(1);
        harness.run();
        harness.awaitIdle();
        assertThat(fixture.host.serving()).isEmpty();
        assertThat(harness.daemon.isStarted()).isFalse();

        fixture.writeConfig(SHARED);
        harness.watcherNoticed();

        assertThat(fixture.host.awaitCapacities(SHARED_CAPACITY::equals)).isEqualTo(SHARED_CAPACITY);
        assertThat(fixture.discoveries()).isEqualTo(2);
    }

    @Test
    void aSighupWhileIdleRetriesTheStartEvenWithTheSameFile() throws Exception {
        start(PLAIN, "--fail-on-init-error=false");
        fixture.failDiscoveries(1);
        harness.run();
        harness.awaitIdle();

        harness.sighup();

        assertThat(fixture.host.awaitCapacities(PLAIN_CAPACITY::equals)).isEqualTo(PLAIN_CAPACITY);
    }

    @Test
    void aFailedStartExitsOneWithItsOneLineMessage() throws Exception {
        start(PLAIN);
        fixture.failDiscoveries(1);
        harness.run();

        assertThat(harness.awaitExit()).isEqualTo(1);
        assertThat(harness.errorOutput()).isEqualTo("failed to initialize NVML: ERROR_LIBRARY_NOT_FOUND"
                + System.lineSeparator());
        assertThat(fixture.host.stops()).isEqualTo(1);
    }
}
