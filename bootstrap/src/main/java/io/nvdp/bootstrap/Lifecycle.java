package io.nvdp.bootstrap;

import io.nvdp.adapters.config.DaemonOptions;
import io.nvdp.bootstrap.metrics.MetricsServer;
import io.nvdp.bootstrap.metrics.PluginMetrics;
import java.io.IOException;
import io.nvdp.domain.port.DevicePlugin;
import java.io.PrintStream;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the daemon until a stop signal: every start, reload and stop happens on one thread, so a
 * burst of SIGHUPs and file changes is applied one at a time, in order.
 */
final class Lifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(Lifecycle.class);
    private static final long CONFIG_POLL_MILLIS = 2000;
    private static final long STOP_BUDGET_MILLIS = 1500;

    private final Daemon daemon;
    private final DaemonOptions options;
    private final PluginMetrics metrics;
    private final ExecutorService loop = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "nvdp-lifecycle");
        t.setDaemon(true);
        return t;
    });
    private final CountDownLatch shutdown = new CountDownLatch(1);
    private volatile boolean running;

    Lifecycle(Daemon daemon, DaemonOptions options, PluginMetrics metrics) {
        this.daemon = daemon;
        this.options = options;
        this.metrics = metrics;
    }

    /**
     * Starts, serves until SIGTERM/SIGINT (or {@link #requestStop()}), stops. Returns the exit code.
     *
     * @param onServing called once the first start has succeeded, with one served resource's plugin
     *     (empty when nothing is served)
     */
    int run(PrintStream err, Consumer<Optional<DevicePlugin>> onServing) {
        OsSignals.install(kind -> {
            switch (kind) {
                case RELOAD -> requestReload();
                case SHUTDOWN -> requestStop();
            }
        });
        try {
            onLoop(daemon::start);
        } catch (StartupFailure e) {
            err.println(e.getMessage());
            onLoopQuietly(daemon::stop);
            return 1;
        }
        running = true;
        onServing.accept(daemon.pluginForWarmUp());
        ConfigFileWatcher watcher = null;
        MetricsServer metricsServer = null;
        try {
            if (options.configFile().isPresent()) {
                watcher = new ConfigFileWatcher(options.configFile().get(), this::requestReload, CONFIG_POLL_MILLIS);
                watcher.start();
            }
            if (options.metricsAddress().isPresent()) {
                metricsServer = MetricsServer.start(options.metricsAddress().get(), metrics,
                        () -> running && daemon.isServing());
            }
            shutdown.await();
        } catch (IOException | IllegalArgumentException e) {
            err.println(e.getMessage());
            running = false;
            onLoopQuietly(daemon::stop);
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            running = false;
            if (watcher != null) {
                watcher.close();
            }
            if (metricsServer != null) {
                metricsServer.close();
            }
        }
        onLoopQuietly(daemon::stop);
        loop.shutdownNow();
        LOG.info("Stopped.");
        return 0;
    }

    void requestReload() {
        if (!loop.isShutdown()) {
            loop.execute(() -> {
                if (running) {
                    daemon.reload();
                }
            });
        }
    }

    void requestStop() {
        shutdown.countDown();
    }

    private void onLoop(Runnable action) {
        try {
            loop.submit(action).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs on the loop within the stop budget; a stuck step must not keep the process alive. */
    private void onLoopQuietly(Runnable action) {
        try {
            loop.submit(action).get(STOP_BUDGET_MILLIS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("Stopping did not finish cleanly: {}", e.getCause() == null ? e : e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
