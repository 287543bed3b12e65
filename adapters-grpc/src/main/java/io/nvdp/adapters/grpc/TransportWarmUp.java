package io.nvdp.adapters.grpc;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.nvdp.adapters.grpc.api.UnixSocketTransport;
import io.nvdp.adapters.grpc.api.v1beta1.AllocateRequest;
import io.nvdp.adapters.grpc.api.v1beta1.AllocateResponse;
import io.nvdp.adapters.grpc.api.v1beta1.ContainerAllocateRequest;
import io.nvdp.adapters.grpc.api.v1beta1.DevicePluginApi;
import io.nvdp.adapters.grpc.api.v1beta1.DevicePluginOptions;
import io.nvdp.adapters.grpc.api.v1beta1.Empty;
import io.nvdp.adapters.grpc.api.v1beta1.ListAndWatchResponse;
import io.nvdp.adapters.grpc.api.v1beta1.PreStartContainerRequest;
import io.nvdp.adapters.grpc.api.v1beta1.PreStartContainerResponse;
import io.nvdp.adapters.grpc.api.v1beta1.PreferredAllocationRequest;
import io.nvdp.adapters.grpc.api.v1beta1.PreferredAllocationResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One round trip of the device plugin service over a throwaway unix socket, server and client in this
 * process. A daemon runs it on a spare thread as it starts: the gRPC, Netty and protobuf classes of
 * both sides (about 1,200) are loaded and initialised while the main thread reads its configuration
 * and discovers the node, instead of after, on the way to serving and registering.
 */
public final class TransportWarmUp {
    private static final Duration DEADLINE = Duration.ofSeconds(5);

    private TransportWarmUp() {
    }

    /**
     * Serves on a socket in a new temporary directory, calls it, and removes both.
     *
     * @return whether the round trip completed; a failure here only loses the head start, and the
     *     same failure, if real, is reported where the daemon itself serves
     */
    public static boolean run() {
        Path directory = null;
        try (UnixSocketTransport transport = UnixSocketTransport.onEventLoops("nvdp-warmup", 1)) {
            directory = Files.createTempDirectory("nvdp-warmup");
            Path socket = directory.resolve("warmup.sock");
            // Should the process exit mid-way (a start that fails fast), the JVM still removes both.
            directory.toFile().deleteOnExit();
            socket.toFile().deleteOnExit();
            Server server = transport.serve(socket, List.of(DevicePluginApi.bind(new Answers())));
            ManagedChannel channel = transport.channel(socket);
            try {
                DevicePluginApi.Client client = new DevicePluginApi.Client(channel, DEADLINE);
                client.getDevicePluginOptions();
                client.allocate(AllocateRequest.newBuilder()
                        .addContainerRequests(ContainerAllocateRequest.newBuilder().addDevicesIds("warm-up"))
                        .build());
                return true;
            } finally {
                channel.shutdownNow();
                server.shutdownNow();
                channel.awaitTermination(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
                server.awaitTermination(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (IOException | RuntimeException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            if (directory != null) {
                deleteQuietly(directory.resolve("warmup.sock"));
                deleteQuietly(directory);
            }
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // A leftover empty directory in the temporary folder harms nothing.
        }
    }

    /** Empty answers: the round trip is for the transport, not the devices. */
    private static final class Answers implements DevicePluginApi.Handler {
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
            response.onError(Status.UNIMPLEMENTED.asRuntimeException());
        }

        @Override
        public void allocate(AllocateRequest request, StreamObserver<AllocateResponse> response) {
            response.onNext(AllocateResponse.getDefaultInstance());
            response.onCompleted();
        }

        @Override
        public void preStartContainer(PreStartContainerRequest request,
                StreamObserver<PreStartContainerResponse> response) {
            response.onError(Status.UNIMPLEMENTED.asRuntimeException());
        }
    }
}
