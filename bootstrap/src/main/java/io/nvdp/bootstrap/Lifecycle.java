package io.nvdp.bootstrap;

import io.nvdp.adapters.config.DaemonOptions;
import io.nvdp.bootstrap.metrics.MetricsServer;
import io.nvdp.bootstrap.metrics.PluginMetrics;
import io.nvdp.domain.port.DevicePlugin;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the daemon until a stop signal. Start, reloads and stop happen on one thread, one at a time.
 * A reload asked for at any moment (before or during start, during another reload, in a burst) is
 * applied once after the work in flight: requests that arrive meanwhile are one pending reload. A
 * reload reads the config file only when it holds something other than the content the running
 * configuration was loaded from, so a SIGHUP and the file watcher seeing the same change reload once.
 */
final class Lifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(Lifecycle.class);
    /** How long a stop waits for the work in flight and the daemon's own stop before giving up. */
    static final Duration STOP_BUDGET = Duration.ofSeconds(10);
    static final int EXIT_ON_SECOND_SIGNAL = 1;

    /** What the lifecycle takes from outside: signals, the config file watch, an immediate exit. */
    record Outside(OsSignals.Source signals, ConfigWatch configWatch, IntConsumer halt) {
    }

    private final Daemon daemon;
    private final DaemonOptions options;
    private final PluginMetrics metrics;
    private final Supplier<ConfigContent> fileContent;
    private final Outside outside;
    private final Thread worker;

    private final Object lock = new Object();
    /** The content of the last load, initial or reload, applied or refused. */
    private volatile ConfigContent loadedFrom;
    private boolean reloadPending;
    private boolean signalPending;
    private boolean stopRequested;
    private boolean reloading;
    private boolean started;
    private boolean stopped;
    private StartupFailure startFailure;
    private int stopSignals;

    /**
     * @param fileContent what the config file holds now
     * @param loadedFrom what it held when the initial configuration was loaded
     */
    Lifecycle(Daemon daemon, DaemonOptions options, PluginMetrics metrics, Supplier<ConfigContent> fileContent,
            ConfigContent loadedFrom, Outside outside) {
        this.daemon = daemon;
        this.options = options;
        this.metrics = metrics;
        this.fileContent = fileContent;
        this.loadedFrom = loadedFrom;
        this.outside = outside;
        this.worker = Thread.ofPlatform().daemon().name("nvdp-lifecycle").unstarted(this::work);
    }

    /**
     * Starts, serves until SIGTERM/SIGINT (or {@link #requestStop()}), stops. Returns the exit code.
     *
     * @param onServing called once the first start has succeeded, with one served resource's plugin
     *     (empty when nothing is served)
     */
    int run(PrintStream err, Consumer<Optional<DevicePlugin>> onServing) {
        outside.signals().install(this::onSignal);
        AutoCloseable watch;
        try {
            // Before the start: a change made while the daemon starts is seen, and applied after it.
            watch = outside.configWatch().start(() -> loadedFrom, () -> requestReload(false));
        } catch (IOException | RuntimeException e) {
            err.println("unable to watch the config file: " + e.getMessage());
            return 1;
        }
        MetricsServer metricsServer = null;
        try {
            worker.start();
            if (!awaitStart()) {
                err.println(startFailure.getMessage());
                awaitWorker();
                return 1;
            }
            if (isRunning()) {
                onServing.accept(daemon.pluginForWarmUp());
                if (options.metricsAddress().isPresent()) {
                    metricsServer = MetricsServer.start(options.metricsAddress().get(), metrics,
                            () -> isRunning() && daemon.isServing());
                }
                awaitStopRequest();
            }
        } catch (IOException | IllegalArgumentException e) {
            err.println(e.getMessage());
            requestStop();
            awaitWorker();
            return 1;
        } finally {
            closeQuietly(watch);
            if (metricsServer != null) {
                metricsServer.close();
            }
        }
        requestStop();
        awaitWorker();
        LOG.info("Stopped.");
        return 0;
    }

    /** Asks for a reload; {@code signal}: asked by SIGHUP (a retry of a start that found no GPUs, too). */
    void requestReload(boolean signal) {
        synchronized (lock) {
            reloadPending = true;
            signalPending |= signal;
            lock.notifyAll();
        }
    }

    void requestStop() {
        synchronized (lock) {
            stopRequested = true;
            lock.notifyAll();
        }
    }

    private void onSignal(OsSignals.Received signal) {
        switch (signal.kind()) {
            case RELOAD -> {
                LOG.info("Received SIGHUP, restarting.");
                requestReload(true);
            }
            case SHUTDOWN -> {
                int count;
                synchronized (lock) {
                    count = ++stopSignals;
                }
                if (count == 1) {
                    LOG.info("Received signal \"{}\", shutting down.", signal.text());
                    requestStop();
                } else {
                    LOG.warn("Received signal \"{}\" again while stopping: exiting now (exit code {}) without"
                            + " finishing the stop.", signal.text(), EXIT_ON_SECOND_SIGNAL);
                    outside.halt().accept(EXIT_ON_SECOND_SIGNAL);
                }
            }
        }
    }

    /** The worker: start, then one reload at a time until stop, then stop. */
    private void work() {
        try {
            daemon.start();
        } catch (StartupFailure e) {
            finishStart(e);
            stopDaemon();
            return;
        } catch (RuntimeException e) {
            finishStart(new StartupFailure(e.getMessage() == null ? e.toString() : e.getMessage()));
            stopDaemon();
            return;
        }
        finishStart(null);
        while (true) {
            boolean signal;
            synchronized (lock) {
                while (!reloadPending && !stopRequested) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        stopRequested = true;
                    }
                }
                if (stopRequested) {
                    break;
                }
                signal = signalPending;
                reloadPending = false;
                signalPending = false;
                reloading = true;
            }
            try {
                reloadIfChanged(signal);
            } finally {
                synchronized (lock) {
                    reloading = false;
                    lock.notifyAll();
                }
            }
        }
        stopDaemon();
    }

    private void reloadIfChanged(boolean signal) {
        ConfigContent now = fileContent.get();
        // While idle after a discovery that found nothing, SIGHUP retries the start whatever the file holds;
        // without a config file there is no content to compare, so SIGHUP restarts as upstream's does.
        boolean restart = signal && (!daemon.isStarted() || now.equals(ConfigContent.NO_FILE));
        if (now.equals(loadedFrom) && !restart) {
            if (signal) {
                LOG.info("The config file is unchanged since it was last loaded; nothing to reload.");
            }
            return;
        }
        loadedFrom = now;
        try {
            daemon.reload();
        } catch (RuntimeException e) {
            // A reload never ends the daemon: the running configuration stays in force.
            LOG.error("Reload failed, the running configuration stays in force: {}", e.toString());
        }
    }

    /**
     * Waits until the start is over and no reload is pending or in flight (or a stop was asked for).
     *
     * @return false when that did not happen within {@code timeout}
     */
    boolean awaitIdle(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (!stopRequested && (!started || reloadPending || reloading)) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !waitOnLock(Math.max(1, left / 1_000_000))) {
                    return false;
                }
            }
            return true;
        }
    }

    private void finishStart(StartupFailure failure) {
        synchronized (lock) {
            started = true;
            startFailure = failure;
            lock.notifyAll();
        }
    }

    private void stopDaemon() {
        try {
            daemon.stop();
        } catch (RuntimeException e) {
            LOG.warn("Stopping did not finish cleanly: {}", e.toString());
        }
        synchronized (lock) {
            stopped = true;
            lock.notifyAll();
        }
    }

    /** Waits for the start to end (or a stop request); false when it failed. */
    private boolean awaitStart() {
        synchronized (lock) {
            while (!started && !stopRequested && waitOnLock(0)) {
                // woken by the worker or a stop request
            }
            return startFailure == null;
        }
    }

    private void awaitStopRequest() {
        synchronized (lock) {
            while (!stopRequested && waitOnLock(0)) {
                // woken by a stop request
            }
        }
    }

    /** Waits for the worker to finish its work in flight and the stop, within the stop budget. */
    private void awaitWorker() {
        long deadline = System.nanoTime() + STOP_BUDGET.toNanos();
        synchronized (lock) {
            while (!stopped) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    LOG.warn("Stopping did not finish within {} s; exiting anyway.", STOP_BUDGET.toSeconds());
                    return;
                }
                if (!waitOnLock(Math.max(1, left / 1_000_000))) {
                    return;
                }
            }
        }
    }

    private boolean isRunning() {
        synchronized (lock) {
            return started && startFailure == null && !stopRequested;
        }
    }

    /** Waits on the lock (held by the caller); false when interrupted, which counts as a stop request. */
    private boolean waitOnLock(long millis) {
        try {
            lock.wait(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopRequested = true;
            lock.notifyAll();
            return false;
        }
    }

    private static void closeQuietly(AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception e) {
            LOG.debug("closing {}: {}", resource, e.toString());
        }
    }
}
