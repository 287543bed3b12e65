package io.nvdp.adapters.grpc;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.nvdp.adapters.grpc.api.UnixSocketTransport;
import io.nvdp.adapters.grpc.api.v1beta1.RegistrationApi;
import io.nvdp.domain.model.ResourceName;
import io.nvdp.domain.plan.Reconciliation;
import io.nvdp.domain.plan.ResourceDevices;
import io.nvdp.domain.port.DevicePlugin;
import io.nvdp.domain.port.PluginHost;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a set of {@link DevicePlugin}s to kubelet and keeps them registered: the vendor side only hands
 * over plugins. One gRPC server per plugin next to kubelet's socket; the socket directory is watched so
 * that a restarted kubelet (its socket re-created) gets every plugin registered again at once, and a
 * plugin socket removed by someone else is served and registered again.
 *
 * <p>All state changes happen under this object's lock; the directory watcher and registration retries
 * run on two daemon threads that end with {@link #stop()}.
 */
public final class DevicePluginHost implements PluginHost, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DevicePluginHost.class);

    /** Events closer together than this are one burst (a kubelet restart deletes and creates many files). */
    static final Duration DEBOUNCE = Duration.ofMillis(100);
    private static final Duration REGISTER_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration FIRST_RETRY = Duration.ofMillis(500);
    private static final Duration MAX_RETRY = Duration.ofSeconds(30);

    /** Empty: serve without registering. */
    private final Optional<Path> kubeletSocket;
    private final Path directory;
    private final HostListener listener;
    private final Map<ResourceName, Served> served = new LinkedHashMap<>();

    private UnixSocketTransport transport;
    private WatchService watchService;
    private Thread watcher;
    private ScheduledExecutorService retries;
    private ScheduledFuture<?> retry;
    private Duration retryDelay = FIRST_RETRY;
    private boolean waitingLogged;

    public DevicePluginHost(Path kubeletSocket) {
        this(kubeletSocket, HostListener.NONE);
    }

    /** Serves next to {@code kubeletSocket} and registers there. */
    public DevicePluginHost(Path kubeletSocket, HostListener listener) {
        this(kubeletSocket.toAbsolutePath().getParent(), Optional.of(kubeletSocket.toAbsolutePath()), listener);
    }

    /**
     * @param directory where the plugin sockets go
     * @param kubeletSocket where to register; empty: serve without registering
     */
    public DevicePluginHost(Path directory, Optional<Path> kubeletSocket, HostListener listener) {
        this.directory = directory.toAbsolutePath();
        this.kubeletSocket = kubeletSocket.map(Path::toAbsolutePath);
        this.listener = listener;
    }

    /**
     * Starts watching the socket directory, serves every plugin and registers it (now when kubelet
     * is up, else as soon as its socket appears).
     *
     * @throws UncheckedIOException when the directory cannot be watched or a plugin cannot be served
     *                              (the other plugins are served)
     */
    public synchronized void start(Collection<? extends DevicePlugin> plugins) {
        if (transport != null) {
            throw new IllegalStateException("device plugin host already started");
        }
        startHost();
        serve(plugins);
    }

    @Override
    public synchronized void apply(Reconciliation changes, Collection<? extends DevicePlugin> fresh) {
        Set<ResourceName> wanted = changes.toServe().stream().map(ResourceDevices::name).collect(Collectors.toSet());
        Set<ResourceName> given = fresh.stream().map(DevicePlugin::resource).collect(Collectors.toSet());
        if (!wanted.equals(given) || given.size() != fresh.size()) {
            throw new IllegalArgumentException("fresh plugins " + given + " do not match the replaced and started"
                    + " resources " + wanted);
        }
        if (transport == null) {
            startHost();
        }
        for (ResourceName resource : changes.toStop()) {
            Served current = served.remove(resource);
            if (current != null) {
                current.server.stop();
            }
        }
        serve(fresh);
    }

    @Override
    public synchronized Set<ResourceName> serving() {
        return Set.copyOf(served.keySet());
    }

    private void startHost() {
        try {
            Files.createDirectories(directory);
            watchService = directory.getFileSystem().newWatchService();
            directory.register(watchService, ENTRY_CREATE, ENTRY_DELETE);
        } catch (IOException e) {
            closeQuietly(watchService);
            watchService = null;
            throw new UncheckedIOException("cannot watch kubelet socket directory " + directory + ": " + e, e);
        }
        transport = UnixSocketTransport.onEventLoops("nvdp-grpc", 1);
        retries = Executors.newSingleThreadScheduledExecutor(runnable -> daemon(runnable, "nvdp-register"));
        WatchService events = watchService;
        watcher = daemon(() -> watch(events), "nvdp-kubelet-watch");
        watcher.start();
        LOG.info("Starting FS watcher for {}", directory);
        if (kubeletSocket.isEmpty()) {
            LOG.info("No kubelet socket given: serving device plugins in {} without registering them", directory);
        }
    }

    /** Serves each plugin on a new server and registers the new ones. */
    private void serve(Collection<? extends DevicePlugin> plugins) {
        IOException failure = null;
        for (DevicePlugin plugin : plugins) {
            if (served.containsKey(plugin.resource())) {
                throw new IllegalArgumentException("two device plugins for resource " + plugin.resource());
            }
            DevicePluginServer server = new DevicePluginServer(plugin, directory, transport);
            try {
                server.start();
                served.put(plugin.resource(), new Served(server));
            } catch (IOException e) {
                LOG.error("Could not start device plugin for '{}': {}", plugin.resource(),
                        DevicePluginServer.describe(e));
                failure = failure == null ? e : failure;
            }
        }
        registerPending();
        if (failure != null) {
            throw new UncheckedIOException(
                    "could not serve every device plugin: " + DevicePluginServer.describe(failure), failure);
        }
    }

    /** Stops every server (sockets removed, streams ended) and every thread of this host. */
    @Override
    public void stop() {
        Thread stoppedWatcher;
        ScheduledExecutorService stoppedRetries;
        synchronized (this) {
            if (transport == null) {
                return;
            }
            closeQuietly(watchService);
            retries.shutdownNow();
            served.values().forEach(entry -> entry.server.stop());
            served.clear();
            transport.close();
            stoppedWatcher = watcher;
            stoppedRetries = retries;
            transport = null;
            watchService = null;
            watcher = null;
            retries = null;
            retry = null;
        }
        // Outside the lock: both threads may be waiting for it, and find the host stopped.
        join(stoppedWatcher);
        try {
            stoppedRetries.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("Stopped all device plugins");
    }

    @Override
    public void close() {
        stop();
    }

    /** Where plugins register; empty when they are served without registering. */
    public Optional<Path> kubeletSocket() {
        return kubeletSocket;
    }

    /** Where the plugin sockets are. */
    public Path directory() {
        return directory;
    }

    /** The socket of each served resource. */
    public synchronized Map<ResourceName, Path> sockets() {
        Map<ResourceName, Path> sockets = new LinkedHashMap<>();
        served.forEach((resource, entry) -> sockets.put(resource, entry.server.socket()));
        return sockets;
    }

    /** Resources kubelet has accepted since they were last (re)served or kubelet last restarted. */
    public synchronized Set<ResourceName> registered() {
        return served.entrySet().stream().filter(e -> e.getValue().registered)
                .map(Map.Entry::getKey).collect(Collectors.toUnmodifiableSet());
    }

    /** Registers every served plugin that kubelet does not know yet; retries with backoff on failure. */
    private void registerPending() {
        if (transport == null || kubeletSocket.isEmpty()
                || served.values().stream().allMatch(entry -> entry.registered)) {
            return;
        }
        Path kubeletSocket = this.kubeletSocket.get();
        if (!Files.exists(kubeletSocket)) {
            if (!waitingLogged) {
                LOG.info("Waiting for kubelet socket {} to register device plugins", kubeletSocket);
                waitingLogged = true;
            }
            return;
        }
        waitingLogged = false;
        boolean failed = false;
        Object kubelet = identity(kubeletSocket);
        ManagedChannel channel = transport.channel(kubeletSocket);
        try {
            for (Served entry : served.values()) {
                if (!entry.registered) {
                    entry.registered = register(channel, entry.server);
                    entry.kubelet = kubelet;
                    failed |= !entry.registered;
                }
            }
        } finally {
            channel.shutdownNow();
        }
        scheduleRetry(failed);
    }

    private boolean register(ManagedChannel channel, DevicePluginServer server) {
        ResourceName resource = server.resource();
        try {
            RegistrationApi.register(channel, server.registerRequest(), REGISTER_TIMEOUT);
            LOG.info("Registered device plugin for '{}' with Kubelet", resource);
            listener.registered(resource);
            return true;
        } catch (StatusRuntimeException e) {
            String error = e.getStatus().getCode() + ": " + e.getStatus().getDescription();
            LOG.error("Could not register device plugin for '{}': {}", resource, error);
            LOG.error("Could not contact Kubelet. Did you enable the device plugin feature gate?");
            LOG.error("You can check the prerequisites at: https://github.com/NVIDIA/k8s-device-plugin#prerequisites");
            LOG.error("You can learn how to set the runtime at: https://github.com/NVIDIA/k8s-device-plugin#quick-start");
            listener.registrationFailed(resource, error);
            return false;
        }
    }

    private void scheduleRetry(boolean failed) {
        if (retry != null) {
            retry.cancel(false);
            retry = null;
        }
        if (!failed) {
            retryDelay = FIRST_RETRY;
            return;
        }
        LOG.info("Retrying registration in {} ms", retryDelay.toMillis());
        retry = retries.schedule(this::retryRegistration, retryDelay.toMillis(), TimeUnit.MILLISECONDS);
        retryDelay = retryDelay.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : retryDelay.multipliedBy(2);
    }

    private synchronized void retryRegistration() {
        retry = null;
        registerPending();
    }

    /** Handles one burst of directory events. */
    private synchronized void directoryChanged(boolean kubeletCreated, Set<Path> deleted) {
        if (transport == null) {
            return;
        }
        for (Served entry : served.values()) {
            DevicePluginServer server = entry.server;
            // Our own restarts delete and create sockets too: only a socket that is gone now counts.
            if (deleted.contains(server.socket().getFileName()) && !Files.exists(server.socket())) {
                LOG.info("inotify: {} deleted, restarting '{}'", server.socket(), server.resource());
                server.stop();
                try {
                    server.start();
                    listener.serverRestarted(server.resource());
                } catch (IOException e) {
                    LOG.error("Could not restart device plugin for '{}': {}", server.resource(),
                            DevicePluginServer.describe(e));
                }
                entry.registered = false;
            }
        }
        Object kubelet = kubeletSocket.map(DevicePluginHost::identity).orElse(null);
        // A creation event can arrive after we already registered with that very socket (kubelet came
        // up while we were starting): registering again would only make kubelet churn its endpoint.
        if (kubeletCreated && kubelet != null
                && served.values().stream().anyMatch(entry -> !kubelet.equals(entry.kubelet))) {
            LOG.info("inotify: {} created, re-registering all device plugins", kubeletSocket.get());
            served.values().forEach(entry -> entry.registered = false);
            retryDelay = FIRST_RETRY;
            listener.kubeletRestarted();
        }
        registerPending();
    }

    /** Tells socket files apart even when the file system reuses an inode number; null if absent. */
    private static Object identity(Path socket) {
        try {
            Map<String, Object> attributes = Files.readAttributes(socket, "unix:ino,ctime");
            return List.of(attributes.get("ino"), attributes.get("ctime"));
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    /** The watcher thread: collects a burst of events, then hands it over at once. */
    private void watch(WatchService watchService) {
        try {
            while (true) {
                WatchKey key = watchService.take();
                boolean kubeletCreated = false;
                Set<Path> deleted = new HashSet<>();
                while (key != null) {
                    for (WatchEvent<?> event : key.pollEvents()) {
                        if (event.kind() == OVERFLOW) {
                            // Lost events: assume the worst, kubelet restarted.
                            kubeletCreated = true;
                            continue;
                        }
                        Path name = (Path) event.context();
                        if (event.kind() == ENTRY_CREATE && kubeletSocket.isPresent()
                                && name.equals(kubeletSocket.get().getFileName())) {
                            kubeletCreated = true;
                        } else if (event.kind() == ENTRY_DELETE) {
                            deleted.add(name);
                        }
                    }
                    if (!key.reset()) {
                        LOG.error("inotify: {} is no longer watched", directory);
                        return;
                    }
                    key = watchService.poll(DEBOUNCE.toMillis(), TimeUnit.MILLISECONDS);
                }
                if (kubeletCreated || !deleted.isEmpty()) {
                    directoryChanged(kubeletCreated, deleted);
                }
            }
        } catch (ClosedWatchServiceException | InterruptedException e) {
            // stop() closed the watch service
        } catch (RuntimeException e) {
            LOG.error("inotify: watcher for {} failed: {}", directory, e.toString());
        }
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }

    private static void join(Thread thread) {
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(WatchService service) {
        if (service != null) {
            try {
                service.close();
            } catch (IOException e) {
                LOG.debug("closing watch service: {}", e.toString());
            }
        }
    }

    private static final class Served {
        final DevicePluginServer server;
        boolean registered;
        /** Which kubelet socket file (inode and change time) accepted the registration. */
        Object kubelet;

        Served(DevicePluginServer server) {
            this.server = server;
        }
    }
}
