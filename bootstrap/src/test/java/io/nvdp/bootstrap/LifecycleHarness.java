package io.nvdp.bootstrap;

import io.nvdp.adapters.config.DaemonOptions;
import io.nvdp.domain.port.DevicePlugin;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A {@link Lifecycle} over a {@link DaemonFixture}, run on a thread of its own as {@code main} runs
 * it, with the outside faked: signals and "the file watcher noticed a change" are sent by the test,
 * an immediate exit is recorded instead of taken.
 */
final class LifecycleHarness {
    final DaemonFixture fixture;
    final Daemon daemon;
    final Lifecycle lifecycle;
    final List<Integer> halts = new CopyOnWriteArrayList<>();
    final CompletableFuture<Optional<DevicePlugin>> serving = new CompletableFuture<>();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private volatile Consumer<OsSignals.Received> signals;
    private volatile Runnable watcher;
    private volatile Supplier<ConfigContent> watcherBaseline;
    private CompletableFuture<Integer> exit;
    private final java.util.concurrent.CountDownLatch outsideReady = new java.util.concurrent.CountDownLatch(2);

    LifecycleHarness(DaemonFixture fixture) {
        this.fixture = fixture;
        // What the file held before the initial load, as main takes it.
        ConfigContent loadedFrom = fixture.content.current();
        this.daemon = fixture.daemon();
        DaemonOptions options = fixture.load().daemonOptions();
        fixture.loads.decrementAndGet();
        this.lifecycle = new Lifecycle(daemon, options, fixture.metrics, fixture.content::current, loadedFrom,
                new Lifecycle.Outside(sink -> {
                    signals = sink;
                    outsideReady.countDown();
                }, (baseline, onChange) -> {
                    watcherBaseline = baseline;
                    watcher = onChange;
                    outsideReady.countDown();
                    return () -> watcher = null;
                }, halts::add));
    }

    LifecycleHarness run() {
        exit = CompletableFuture.supplyAsync(() -> lifecycle.run(
                new PrintStream(err, true, StandardCharsets.UTF_8), serving::complete),
                r -> Thread.ofPlatform().name("test-main").start(r));
        // Signals are handled and the file watched before the daemon starts.
        FakeHost.await(outsideReady);
        return this;
    }

    void sighup() {
        signals.accept(new OsSignals.Received(OsSignals.Kind.RELOAD, "hangup"));
    }

    void sigterm() {
        signals.accept(new OsSignals.Received(OsSignals.Kind.SHUTDOWN, "terminated"));
    }

    /** The file watcher saw the file differ from what the running config was loaded from. */
    void watcherNoticed() {
        watcher.run();
    }

    ConfigContent watcherBaseline() {
        return watcherBaseline.get();
    }

    boolean watching() {
        return watcher != null;
    }

    void awaitIdle() {
        if (!lifecycle.awaitIdle(DaemonFixture.PATIENCE)) {
            throw new AssertionError("the lifecycle did not become idle");
        }
    }

    int awaitExit() throws Exception {
        return exit.get(DaemonFixture.PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
    }

    int stop() throws Exception {
        lifecycle.requestStop();
        return awaitExit();
    }

    String errorOutput() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
