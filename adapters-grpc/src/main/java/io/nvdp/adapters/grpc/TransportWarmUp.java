package io.nvdp.adapters.grpc;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.nvdp.adapters.grpc.api.UnixSocketTransport;
import io.nvdp.adapters.grpc.api.v1beta1.AllocateRequest;
import io.nvdp.adapters.grpc.api.v1beta1.AllocateResponse;
import io.nvdp.adapters.grpc.api.v1beta1.ContainerAllocateRequest;
import io.nvdp.adapters.grpc.api.v1beta1.ContainerPreferredAllocationRequest;
import io.nvdp.adapters.grpc.api.v1beta1.DevicePluginApi;
import io.nvdp.adapters.grpc.api.v1beta1.DevicePluginOptions;
import io.nvdp.adapters.grpc.api.v1beta1.Empty;
import io.nvdp.adapters.grpc.api.v1beta1.ListAndWatchResponse;
import io.nvdp.adapters.grpc.api.v1beta1.PreStartContainerRequest;
import io.nvdp.adapters.grpc.api.v1beta1.PreStartContainerResponse;
import io.nvdp.adapters.grpc.api.v1beta1.PreferredAllocationRequest;
import io.nvdp.adapters.grpc.api.v1beta1.PreferredAllocationResponse;
import io.nvdp.domain.model.AdvertisedDevice;
import io.nvdp.domain.model.Health;
import io.nvdp.domain.port.DevicePlugin;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Round trips of the device plugin service over a throwaway unix socket, server and client in this
 * process, on a spare thread of a starting daemon, in two phases:
 * <ol>
 *   <li>at once, one call: the gRPC, Netty and protobuf classes of both sides (about 1,200) are
 *       loaded and initialised while the main thread reads its configuration and discovers the
 *       node, instead of after, on the way to serving and registering;</li>
 *   <li>once the daemon serves, Allocate and GetPreferredAllocation calls shaped like kubelet's,
 *       answered by the same handler and domain code as kubelet's calls (one served resource's
 *       plugin, as the daemon hands it over: metered apart from kubelet's calls), so that the JIT has
 *       compiled the call path before kubelet's first pods arrive rather than during them. A node
 *       sees a few Allocates a minute; uncompiled, each takes several times as long.</li>
 * </ol>
 * Nothing of this reaches kubelet or changes the daemon's state: Allocate and GetPreferredAllocation
 * only compute their answers.
 */
public final class TransportWarmUp {
    private static final Logger LOG = LoggerFactory.getLogger(TransportWarmUp.class);
    /**
     * Enough for the JIT's thresholds on every method of the call path (the image's
     * {@code -XX:CompileThresholdScaling=3} makes them 600 invocations, and each RPC gets half the calls).
     */
    public static final int DEFAULT_CALLS = 2000;

    private static final Duration DEADLINE = Duration.ofSeconds(5);
    private static final Duration LONGEST_WAIT = Duration.ofMinutes(1);
    /** A bound for nodes where each answer is slow (hundreds of replicas): the warm-up is a head start only. */
    private static final Duration LONGEST_WARM_UP = Duration.ofSeconds(5);
    private static final int LARGEST_PREFERRED_SIZE = 8;

    private TransportWarmUp() {
    }

    /**
     * Serves on a socket in a new temporary directory and makes one call; then waits until
     * {@code serving} gives the plugin to warm up with (an empty value, or none within a minute, ends
     * the warm-up there), makes up to {@code calls} more, and removes the socket and the directory.
     *
     * @return how many calls of the second phase completed; a failure here only loses the head start,
     *     and the same failure, if real, is reported where the daemon itself serves
     */
    public static int run(int calls, CompletableFuture<Optional<DevicePlugin>> serving) {
        Path directory = null;
        try (UnixSocketTransport transport = UnixSocketTransport.onEventLoops("nvdp-warmup", 1)) {
            directory = Files.createTempDirectory("nvdp-warmup");
            Path socket = directory.resolve("warmup.sock");
            // Should the process exit mid-way (a start that fails fast), the JVM still removes both.
            directory.toFile().deleteOnExit();
            socket.toFile().deleteOnExit();
            Answers answers = new Answers();
            Server server = transport.serve(socket, List.of(DevicePluginApi.bind(answers)));
            ManagedChannel channel = transport.channel(socket);
            try {
                DevicePluginApi.Client client = new DevicePluginApi.Client(channel, DEADLINE);
                client.getDevicePluginOptions();
                Optional<DevicePlugin> plugin = serving.get(LONGEST_WAIT.toMillis(), TimeUnit.MILLISECONDS);
                if (plugin.isEmpty() || calls <= 0) {
                    return 0;
                }
                answers.delegate = new DevicePluginService(plugin.get());
                return callRepeatedly(client, healthyIds(plugin.get()), calls);
            } finally {
                channel.shutdownNow();
                server.shutdownNow();
                channel.awaitTermination(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
                server.awaitTermination(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (IOException | RuntimeException | ExecutionException | TimeoutException e) {
            // Not worth a warning: the daemon serves the same, only its first calls are slower.
            LOG.debug("transport warm-up stopped early: {}", e.toString());
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        } finally {
            if (directory != null) {
                deleteQuietly(directory.resolve("warmup.sock"));
                deleteQuietly(directory);
            }
        }
    }

    /** Alternates Allocate of one device and GetPreferredAllocation of sizes 1 to 8, as pods would. */
    private static int callRepeatedly(DevicePluginApi.Client client, List<String> ids, int calls) {
        if (ids.isEmpty()) {
            return 0;
        }
        long deadline = System.nanoTime() + LONGEST_WARM_UP.toNanos();
        int largest = Math.min(ids.size(), LARGEST_PREFERRED_SIZE);
        int done = 0;
        while (done < calls && System.nanoTime() < deadline) {
            if (done % 2 == 0) {
                client.allocate(AllocateRequest.newBuilder()
                        .addContainerRequests(ContainerAllocateRequest.newBuilder()
                                .addDevicesIds(ids.get(done / 2 % ids.size())))
                        .build());
            } else {
                client.getPreferredAllocation(PreferredAllocationRequest.newBuilder()
                        .addContainerRequests(ContainerPreferredAllocationRequest.newBuilder()
                                .addAllAvailableDeviceIDs(ids)
                                .setAllocationSize(1 + done / 2 % largest))
                        .build());
            }
            done++;
        }
        return done;
    }

    private static List<String> healthyIds(DevicePlugin plugin) {
        return plugin.devices().stream()
                .filter(d -> d.health() == Health.HEALTHY)
                .map(AdvertisedDevice::id)
                .toList();
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // A leftover empty directory in the temporary folder harms nothing.
        }
    }

    /** Options for the first call; everything else goes to the plugin's handler once there is one. */
    private static final class Answers implements DevicePluginApi.Handler {
        private volatile DevicePluginApi.Handler delegate;

        @Override
        public void getDevicePluginOptions(Empty request, StreamObserver<DevicePluginOptions> response) {
            response.onNext(DevicePluginService.OPTIONS);
            response.onCompleted();
        }

        @Override
        public void listAndWatch(Empty request, StreamObserver<ListAndWatchResponse> responses) {
            responses.onError(Status.UNIMPLEMENTED.asRuntimeException());
        }

        @Override
        public void getPreferredAllocation(PreferredAllocationRequest request,
                StreamObserver<PreferredAllocationResponse> response) {
            DevicePluginApi.Handler handler = delegate;
            if (handler == null) {
                response.onError(Status.UNAVAILABLE.asRuntimeException());
            } else {
                handler.getPreferredAllocation(request, response);
            }
        }

        @Override
        public void allocate(AllocateRequest request, StreamObserver<AllocateResponse> response) {
            DevicePluginApi.Handler handler = delegate;
            if (handler == null) {
                response.onError(Status.UNAVAILABLE.asRuntimeException());
            } else {
                handler.allocate(request, response);
            }
        }

        @Override
        public void preStartContainer(PreStartContainerRequest request,
                StreamObserver<PreStartContainerResponse> response) {
            response.onError(Status.UNIMPLEMENTED.asRuntimeException());
        }
    }
}
