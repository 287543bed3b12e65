package io.nvdp.simulator.kubelet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.nvdp.adapters.grpc.api.UnixSocketTransport;
import io.nvdp.adapters.grpc.api.v1beta1.AllocateRequest;
import io.nvdp.adapters.grpc.api.v1beta1.AllocateResponse;
import io.nvdp.adapters.grpc.api.v1beta1.ContainerAllocateRequest;
import io.nvdp.adapters.grpc.api.v1beta1.ContainerAllocateResponse;
import io.nvdp.adapters.grpc.api.v1beta1.ContainerPreferredAllocationResponse;
import io.nvdp.adapters.grpc.api.v1beta1.Device;
import io.nvdp.adapters.grpc.api.v1beta1.DevicePluginApi;
import io.nvdp.adapters.grpc.api.v1beta1.DevicePluginOptions;
import io.nvdp.adapters.grpc.api.v1beta1.Empty;
import io.nvdp.adapters.grpc.api.v1beta1.ListAndWatchResponse;
import io.nvdp.adapters.grpc.api.v1beta1.PreStartContainerRequest;
import io.nvdp.adapters.grpc.api.v1beta1.PreStartContainerResponse;
import io.nvdp.adapters.grpc.api.v1beta1.PreferredAllocationRequest;
import io.nvdp.adapters.grpc.api.v1beta1.PreferredAllocationResponse;
import io.nvdp.adapters.grpc.api.v1beta1.RegisterRequest;
import io.nvdp.adapters.grpc.api.v1beta1.RegistrationApi;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.concurrent.TimeUnit;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class KubeletEmulatorTest {
    private static final String GPU = "nvidia.com/gpu";
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private Path dir;
    private KubeletEmulator kubelet;
    private UnixSocketTransport transport;
    private WirePlugin plugin;
    private Server pluginServer;
    private ManagedChannel kubeletChannel;

    @BeforeEach
    void setUp() throws IOException {
        dir = Files.createTempDirectory(Path.of("/tmp"), "nvdp");
        kubelet = KubeletEmulator.start(dir);
        transport = new UnixSocketTransport("test-plugin", 1);
        plugin = new WirePlugin(List.of(device("GPU-0", "Healthy"), device("GPU-1", "Healthy")));
        pluginServer = transport.serve(dir.resolve("nvidia-gpu.sock"), List.of(DevicePluginApi.bind(plugin)));
        kubeletChannel = transport.channel(kubelet.socket());
    }

    @AfterEach
    void tearDown() throws Exception {
        kubeletChannel.shutdownNow();
        pluginServer.shutdownNow().awaitTermination();
        kubelet.close();
        transport.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void servesRegistrationOnKubeletSockInTheGivenDirectory() {
        assertThat(kubelet.socket()).isEqualTo(dir.resolve("kubelet.sock").toAbsolutePath());
        assertThat(kubelet.socket()).exists();
    }

    @Test
    void recordsRegistrationsAndFollowsThePluginsDeviceList() throws Exception {
        register();

        kubelet.awaitRegistrations(GPU, 1, PATIENCE);
        List<Device> devices = kubelet.awaitDevices(GPU, list -> list.size() == 2, PATIENCE);

        assertThat(kubelet.registrations()).singleElement()
                .satisfies(r -> assertThat(r.getEndpoint()).isEqualTo("nvidia-gpu.sock"));
        assertThat(devices).extracting(Device::getID).containsExactly("GPU-0", "GPU-1");
        assertThat(kubelet.capacity(GPU)).isEqualTo(2);
        assertThat(kubelet.allocatable(GPU)).isEqualTo(2);
        assertThat(kubelet.options(GPU)).hasValueSatisfying(
                options -> assertThat(options.getGetPreferredAllocationAvailable()).isTrue());
    }

    @Test
    void anUnhealthyDeviceStaysInCapacityButLeavesAllocatable() throws Exception {
        register();
        kubelet.awaitDevices(GPU, list -> list.size() == 2, PATIENCE);

        plugin.publish(List.of(device("GPU-0", "Unhealthy"), device("GPU-1", "Healthy")));

        kubelet.awaitDevices(GPU, list -> list.getFirst().getHealth().equals("Unhealthy"), PATIENCE);
        assertThat(kubelet.capacity(GPU)).isEqualTo(2);
        assertThat(kubelet.allocatable(GPU)).isEqualTo(1);
        assertThat(kubelet.deviceUpdates(GPU)).isEqualTo(2);
    }

    @Test
    void allocateAndPreferredAllocationReachThePlugin() throws Exception {
        register();
        kubelet.awaitDevices(GPU, list -> !list.isEmpty(), PATIENCE);

        AllocateResponse allocated = kubelet.allocate(GPU, List.of(List.of("GPU-1"), List.of("GPU-0")));
        PreferredAllocationResponse preferred = kubelet.preferredAllocation(GPU, List.of("GPU-0", "GPU-1"),
                List.of("GPU-1"), 1);

        assertThat(allocated.getContainerResponsesList())
                .extracting(r -> r.getEnvsMap().get("NVIDIA_VISIBLE_DEVICES")).containsExactly("GPU-1", "GPU-0");
        assertThat(preferred.getContainerResponses(0).getDeviceIDsList()).containsExactly("GPU-1");
    }

    @Test
    void aPluginErrorReachesTheCaller() throws Exception {
        register();
        kubelet.awaitDevices(GPU, list -> !list.isEmpty(), PATIENCE);

        assertThatThrownBy(() -> kubelet.allocate(GPU, List.of(List.of("GPU-9"))))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getDescription()).isEqualTo("unknown device: GPU-9"));
    }

    @Test
    void rejectsAnUnsupportedApiVersion() {
        RegisterRequest old = registerRequest().toBuilder().setVersion("v1alpha").build();

        assertThatThrownBy(() -> RegistrationApi.register(kubeletChannel, old, PATIENCE))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getDescription()).contains("Unsupported version v1alpha"));
        assertThat(kubelet.registrations()).isEmpty();
    }

    @Test
    void restartRecreatesKubeletSockAndDropsPluginConnections() throws Exception {
        register();
        kubelet.awaitDevices(GPU, list -> !list.isEmpty(), PATIENCE);
        try (WatchService events = dir.getFileSystem().newWatchService()) {
            dir.register(events, StandardWatchEventKinds.ENTRY_CREATE);

            kubelet.restart();

            WatchKey key = events.poll(10, TimeUnit.SECONDS);
            assertThat(key).isNotNull();
            assertThat(key.pollEvents()).extracting(e -> e.context().toString()).contains("kubelet.sock");
        }
        assertThat(kubelet.watching(GPU)).isFalse();
        register();
        kubelet.awaitRegistrations(GPU, 2, PATIENCE);
        kubelet.awaitDevices(GPU, list -> list.size() == 2, PATIENCE);
    }

    @Test
    void closeRemovesKubeletSock() {
        kubelet.close();

        assertThat(kubelet.socket()).doesNotExist();
    }

    private void register() {
        ManagedChannel channel = transport.channel(kubelet.socket());
        try {
            RegistrationApi.register(channel, registerRequest(), PATIENCE);
        } finally {
            channel.shutdownNow();
        }
    }

    private static RegisterRequest registerRequest() {
        return RegisterRequest.newBuilder().setVersion("v1beta1").setEndpoint("nvidia-gpu.sock").setResourceName(GPU)
                .setOptions(DevicePluginOptions.newBuilder().setGetPreferredAllocationAvailable(true)).build();
    }

    private static Device device(String id, String health) {
        return Device.newBuilder().setID(id).setHealth(health).build();
    }

    /** A device plugin at the wire level only. */
    private static final class WirePlugin implements DevicePluginApi.Handler {
        private final List<StreamObserver<ListAndWatchResponse>> streams = new CopyOnWriteArrayList<>();
        private volatile List<Device> devices;

        WirePlugin(List<Device> devices) {
            this.devices = devices;
        }

        void publish(List<Device> newDevices) {
            devices = newDevices;
            streams.forEach(s -> s.onNext(ListAndWatchResponse.newBuilder().addAllDevices(newDevices).build()));
        }

        @Override
        public void getDevicePluginOptions(Empty request, StreamObserver<DevicePluginOptions> response) {
            response.onNext(DevicePluginOptions.newBuilder().setGetPreferredAllocationAvailable(true).build());
            response.onCompleted();
        }

        @Override
        public void listAndWatch(Empty request, StreamObserver<ListAndWatchResponse> responses) {
            responses.onNext(ListAndWatchResponse.newBuilder().addAllDevices(devices).build());
            streams.add(responses);
        }

        @Override
        public void getPreferredAllocation(PreferredAllocationRequest request,
                StreamObserver<PreferredAllocationResponse> response) {
            PreferredAllocationResponse.Builder answer = PreferredAllocationResponse.newBuilder();
            request.getContainerRequestsList().forEach(c -> answer.addContainerResponses(
                    ContainerPreferredAllocationResponse.newBuilder()
                            .addAllDeviceIDs(c.getMustIncludeDeviceIDsList().isEmpty()
                                    ? c.getAvailableDeviceIDsList().subList(0, c.getAllocationSize())
                                    : c.getMustIncludeDeviceIDsList())));
            response.onNext(answer.build());
            response.onCompleted();
        }

        @Override
        public void allocate(AllocateRequest request, StreamObserver<AllocateResponse> response) {
            AllocateResponse.Builder answer = AllocateResponse.newBuilder();
            for (ContainerAllocateRequest container : request.getContainerRequestsList()) {
                for (String id : container.getDevicesIdsList()) {
                    if (devices.stream().noneMatch(d -> d.getID().equals(id))) {
                        response.onError(Status.UNKNOWN.withDescription("unknown device: " + id).asRuntimeException());
                        return;
                    }
                }
                answer.addContainerResponses(ContainerAllocateResponse.newBuilder()
                        .putEnvs("NVIDIA_VISIBLE_DEVICES", String.join(",", container.getDevicesIdsList())));
            }
            response.onNext(answer.build());
            response.onCompleted();
        }

        @Override
        public void preStartContainer(PreStartContainerRequest request,
                StreamObserver<PreStartContainerResponse> response) {
            response.onNext(PreStartContainerResponse.getDefaultInstance());
            response.onCompleted();
        }
    }
}
