package io.nvdp.simulator.kubelet;

import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.nvdp.adapters.grpc.api.UnixSocketTransport;
import io.nvdp.adapters.grpc.api.v1beta1.AllocateRequest;
import io.nvdp.adapters.grpc.api.v1beta1.AllocateResponse;
import io.nvdp.adapters.grpc.api.v1beta1.ContainerAllocateRequest;
import io.nvdp.adapters.grpc.api.v1beta1.ContainerPreferredAllocationRequest;
import io.nvdp.adapters.grpc.api.v1beta1.Device;
import io.nvdp.adapters.grpc.api.v1beta1.DevicePluginApi;
import io.nvdp.adapters.grpc.api.v1beta1.DevicePluginOptions;
import io.nvdp.adapters.grpc.api.v1beta1.Empty;
import io.nvdp.adapters.grpc.api.v1beta1.ListAndWatchResponse;
import io.nvdp.adapters.grpc.api.v1beta1.PreferredAllocationRequest;
import io.nvdp.adapters.grpc.api.v1beta1.PreferredAllocationResponse;
import io.nvdp.adapters.grpc.api.v1beta1.RegisterRequest;
import io.nvdp.adapters.grpc.api.v1beta1.RegistrationApi;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays kubelet's device manager for tests and the simulator: serves {@code v1beta1.Registration} on
 * {@code <dir>/kubelet.sock}, and for every registered plugin connects to {@code <dir>/<endpoint>}, asks
 * its options and keeps its ListAndWatch stream, so the latest devices per resource are known.
 * Thread-safe; the await methods block until the condition holds or the timeout passes.
 */
public final class KubeletEmulator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KubeletEmulator.class);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
    public static final String SOCKET_NAME = "kubelet.sock";

    private final Path directory;
    private final Path socket;
    private final UnixSocketTransport transport = new UnixSocketTransport("kubelet-emulator", 2);
    private final List<RegisterRequest> registrations = new ArrayList<>();
    private final Map<String, Endpoint> endpoints = new HashMap<>();
    private Server server;
    private boolean closed;

    private KubeletEmulator(Path directory) {
        this.directory = directory.toAbsolutePath();
        this.socket = this.directory.resolve(SOCKET_NAME);
    }

    /** Starts serving {@code <directory>/kubelet.sock} (the directory is created when missing). */
    public static KubeletEmulator start(Path directory) throws IOException {
        KubeletEmulator kubelet = new KubeletEmulator(directory);
        try {
            Files.createDirectories(kubelet.directory);
            kubelet.listen();
        } catch (IOException | RuntimeException e) {
            kubelet.close();
            throw e;
        }
        return kubelet;
    }

    public Path directory() {
        return directory;
    }

    public Path socket() {
        return socket;
    }

    /** Every Register call received, oldest first (kept across {@link #restart()}). */
    public synchronized List<RegisterRequest> registrations() {
        return List.copyOf(registrations);
    }

    public synchronized int registrationCount(String resource) {
        return (int) registrations.stream().filter(r -> r.getResourceName().equals(resource)).count();
    }

    /** Waits until {@code resource} has registered at least {@code times} times in all. */
    public void awaitRegistrations(String resource, int times, Duration timeout) throws TimeoutException {
        await(() -> registrationCount(resource) >= times, timeout,
                () -> resource + " registered " + registrationCount(resource) + " times, expected " + times);
    }

    /** The options the plugin of {@code resource} answered, once connected. */
    public synchronized Optional<DevicePluginOptions> options(String resource) {
        return Optional.ofNullable(endpoints.get(resource)).map(endpoint -> endpoint.options);
    }

    /** The latest device list of {@code resource}, empty before its first ListAndWatch response. */
    public synchronized List<Device> devices(String resource) {
        Endpoint endpoint = endpoints.get(resource);
        return endpoint == null ? List.of() : endpoint.devices;
    }

    /** How many ListAndWatch responses {@code resource} sent on its current stream. */
    public synchronized int deviceUpdates(String resource) {
        Endpoint endpoint = endpoints.get(resource);
        return endpoint == null ? 0 : endpoint.updates;
    }

    /** Whether the ListAndWatch stream of {@code resource} is open. */
    public synchronized boolean watching(String resource) {
        Endpoint endpoint = endpoints.get(resource);
        return endpoint != null && endpoint.watching;
    }

    /** The node's capacity for {@code resource}: every advertised device. */
    public synchronized int capacity(String resource) {
        return devices(resource).size();
    }

    /** The node's allocatable amount for {@code resource}: the healthy devices. */
    public synchronized int allocatable(String resource) {
        return (int) devices(resource).stream().filter(d -> d.getHealth().equals("Healthy")).count();
    }

    /** Waits until the latest device list of {@code resource} satisfies {@code condition}; returns it. */
    public List<Device> awaitDevices(String resource, Predicate<List<Device>> condition, Duration timeout)
            throws TimeoutException {
        await(() -> watching(resource) && condition.test(devices(resource)), timeout,
                () -> "devices of " + resource + " never matched; latest: " + devices(resource));
        return devices(resource);
    }

    /** Waits until the ListAndWatch stream of {@code resource} has ended. */
    public void awaitStreamEnd(String resource, Duration timeout) throws TimeoutException {
        await(() -> !watching(resource), timeout, () -> "ListAndWatch of " + resource + " still open");
    }

    /**
     * Calls Allocate with one container request per list of device IDs.
     *
     * @throws io.grpc.StatusRuntimeException with the plugin's error
     */
    public AllocateResponse allocate(String resource, List<List<String>> containers) {
        AllocateRequest.Builder request = AllocateRequest.newBuilder();
        containers.forEach(ids -> request.addContainerRequests(
                ContainerAllocateRequest.newBuilder().addAllDevicesIds(ids)));
        return client(resource).allocate(request.build());
    }

    /**
     * Calls GetPreferredAllocation for one container.
     *
     * @throws io.grpc.StatusRuntimeException with the plugin's error
     */
    public PreferredAllocationResponse preferredAllocation(String resource, List<String> available,
            List<String> mustInclude, int size) {
        return client(resource).getPreferredAllocation(PreferredAllocationRequest.newBuilder()
                .addContainerRequests(ContainerPreferredAllocationRequest.newBuilder()
                        .addAllAvailableDeviceIDs(available)
                        .addAllMustIncludeDeviceIDs(mustInclude)
                        .setAllocationSize(size))
                .build());
    }

    /**
     * Behaves like a kubelet restart: drops every plugin connection, deletes {@code kubelet.sock} and
     * serves it again (a new file, so plugins watching the directory see it created).
     */
    public synchronized void restart() throws IOException {
        requireOpen();
        stopServing();
        listen();
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            stopServing();
            notifyAll();
        }
        transport.close();
    }

    private void listen() throws IOException {
        Files.deleteIfExists(socket);
        server = transport.serve(socket, List.of(RegistrationApi.bind(this::register)));
        LOG.info("kubelet emulator serving {}", socket);
    }

    private void stopServing() {
        endpoints.values().forEach(Endpoint::disconnect);
        endpoints.clear();
        if (server != null) {
            server.shutdownNow();
            try {
                server.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            server = null;
        }
        try {
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            LOG.warn("could not remove {}: {}", socket, e.toString());
        }
    }

    private void register(RegisterRequest request, StreamObserver<Empty> response) {
        if (!request.getVersion().equals(RegistrationApi.VERSION)) {
            // kubelet's own wording for an unsupported version
            response.onError(Status.UNKNOWN.withDescription("Unsupported version " + request.getVersion()
                    + " of the device plugin API").asRuntimeException());
            return;
        }
        synchronized (this) {
            if (closed) {
                response.onError(Status.UNAVAILABLE.withDescription("kubelet emulator closed").asRuntimeException());
                return;
            }
            registrations.add(request);
            notifyAll();
        }
        response.onNext(Empty.getDefaultInstance());
        response.onCompleted();
        // As kubelet, connect after answering: the plugin may only then be ready for calls.
        transport.executor().execute(() -> connect(request));
    }

    private void connect(RegisterRequest request) {
        String resource = request.getResourceName();
        Endpoint endpoint = new Endpoint(transport.channel(directory.resolve(request.getEndpoint())));
        synchronized (this) {
            if (closed) {
                endpoint.disconnect();
                return;
            }
            Endpoint previous = endpoints.put(resource, endpoint);
            if (previous != null) {
                previous.disconnect();
            }
        }
        try {
            DevicePluginOptions options = endpoint.client.getDevicePluginOptions();
            synchronized (this) {
                endpoint.options = options;
                notifyAll();
            }
            endpoint.watch(resource);
        } catch (RuntimeException e) {
            LOG.warn("kubelet emulator could not reach the plugin of {}: {}", resource, e.toString());
        }
    }

    private DevicePluginApi.Client client(String resource) {
        synchronized (this) {
            Endpoint endpoint = endpoints.get(resource);
            if (endpoint == null) {
                throw new IllegalStateException("no device plugin registered for " + resource);
            }
            return endpoint.client;
        }
    }

    private void await(BooleanSupplier condition, Duration timeout, Supplier<String> failure) throws TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (!condition.getAsBoolean()) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || closed) {
                    throw new TimeoutException(failure.get());
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new TimeoutException("interrupted: " + failure.get());
                }
            }
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("kubelet emulator closed");
        }
    }

    /** One registered plugin as kubelet sees it; fields are guarded by the emulator's lock. */
    private final class Endpoint {
        final ManagedChannel channel;
        final DevicePluginApi.Client client;
        DevicePluginOptions options;
        List<Device> devices = List.of();
        int updates;
        boolean watching;
        ClientCall<Empty, ListAndWatchResponse> call;

        Endpoint(ManagedChannel channel) {
            this.channel = channel;
            this.client = new DevicePluginApi.Client(channel, CALL_TIMEOUT);
        }

        void watch(String resource) {
            synchronized (KubeletEmulator.this) {
                if (!endpoints.containsValue(this)) {
                    return;
                }
                watching = true;
                call = client.listAndWatch(new StreamObserver<>() {
                    @Override
                    public void onNext(ListAndWatchResponse response) {
                        synchronized (KubeletEmulator.this) {
                            devices = List.copyOf(response.getDevicesList());
                            updates++;
                            KubeletEmulator.this.notifyAll();
                        }
                    }

                    @Override
                    public void onError(Throwable t) {
                        LOG.info("ListAndWatch of {} ended: {}", resource, Status.fromThrowable(t));
                        ended();
                    }

                    @Override
                    public void onCompleted() {
                        LOG.info("ListAndWatch of {} completed", resource);
                        ended();
                    }
                });
            }
        }

        private void ended() {
            synchronized (KubeletEmulator.this) {
                watching = false;
                KubeletEmulator.this.notifyAll();
            }
        }

        void disconnect() {
            if (call != null) {
                call.cancel("kubelet emulator disconnected", null);
            }
            watching = false;
            channel.shutdownNow();
        }
    }
}
