package io.nvdp.adapters.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.nvdp.adapters.grpc.api.v1beta1.AllocateRequest;
import io.nvdp.adapters.grpc.api.v1beta1.AllocateResponse;
import io.nvdp.adapters.grpc.api.v1beta1.ContainerAllocateRequest;
import io.nvdp.adapters.grpc.api.v1beta1.ContainerAllocateResponse;
import io.nvdp.adapters.grpc.api.v1beta1.ContainerPreferredAllocationRequest;
import io.nvdp.adapters.grpc.api.v1beta1.Device;
import io.nvdp.adapters.grpc.api.v1beta1.DevicePluginApi;
import io.nvdp.adapters.grpc.api.v1beta1.Empty;
import io.nvdp.adapters.grpc.api.v1beta1.ListAndWatchResponse;
import io.nvdp.adapters.grpc.api.v1beta1.PreStartContainerRequest;
import io.nvdp.adapters.grpc.api.v1beta1.PreferredAllocationRequest;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DevicePluginServiceTest {
    private final FakeDevicePlugin plugin = new FakeDevicePlugin("gpu", 2);
    private final DevicePluginService service = new DevicePluginService(plugin);
    private Server server;
    private ManagedChannel channel;
    private DevicePluginApi.Client client;

    @BeforeEach
    void serve() throws Exception {
        String name = InProcessServerBuilder.generateName();
        server = InProcessServerBuilder.forName(name).directExecutor()
                .addService(DevicePluginApi.bind(service)).build().start();
        channel = InProcessChannelBuilder.forName(name).directExecutor().build();
        client = new DevicePluginApi.Client(channel, Duration.ofSeconds(5));
    }

    @AfterEach
    void shutdown() {
        channel.shutdownNow();
        server.shutdownNow();
    }

    @Test
    void optionsOfferPreferredAllocationAndNeedNoPreStart() {
        var options = client.getDevicePluginOptions();

        assertThat(options.getGetPreferredAllocationAvailable()).isTrue();
        assertThat(options.getPreStartRequired()).isFalse();
    }

    @Test
    void listAndWatchSendsTheFullListAtOnceWithHealthAndKnownNumaNode() throws Exception {
        StreamRecorder<ListAndWatchResponse> stream = new StreamRecorder<>();
        client.listAndWatch(stream);

        ListAndWatchResponse first = stream.next();

        assertThat(first.getDevicesList()).extracting(Device::getID).containsExactlyInAnyOrder("GPU-0", "GPU-1");
        assertThat(first.getDevicesList()).extracting(Device::getHealth).containsOnly("Healthy");
        Device gpu0 = device(first, "GPU-0");
        assertThat(gpu0.getTopology().getNodesList()).singleElement()
                .satisfies(node -> assertThat(node.getID()).isEqualTo(1));
        assertThat(device(first, "GPU-1").hasTopology()).isFalse();
    }

    @Test
    void aHealthChangeResendsTheFullList() throws Exception {
        StreamRecorder<ListAndWatchResponse> stream = new StreamRecorder<>();
        client.listAndWatch(stream);
        stream.next();

        plugin.markUnhealthy("GPU-1");

        ListAndWatchResponse second = stream.next();
        assertThat(second.getDevicesCount()).isEqualTo(2);
        assertThat(device(second, "GPU-1").getHealth()).isEqualTo("Unhealthy");
        assertThat(device(second, "GPU-0").getHealth()).isEqualTo("Healthy");
    }

    @Test
    void theStreamEndsWhenThePluginCloses() throws Exception {
        StreamRecorder<ListAndWatchResponse> stream = new StreamRecorder<>();
        client.listAndWatch(stream);
        stream.next();

        plugin.close();

        assertThat(stream.awaitEnd()).isNull();
        assertThat(plugin.watchers()).isZero();
        assertThat(service.openStreams()).isZero();
    }

    @Test
    void endStreamsCompletesEveryOpenStream() throws Exception {
        StreamRecorder<ListAndWatchResponse> stream = new StreamRecorder<>();
        client.listAndWatch(stream);
        stream.next();

        service.endStreams();

        assertThat(stream.awaitEnd()).isNull();
        assertThat(plugin.watchers()).isZero();
    }

    @Test
    void aClientCancelClosesTheWatch() throws Exception {
        StreamRecorder<ListAndWatchResponse> stream = new StreamRecorder<>();
        ClientCall<Empty, ListAndWatchResponse> call = client.listAndWatch(stream);
        stream.next();
        assertThat(plugin.watchers()).isEqualTo(1);

        call.cancel("kubelet went away", null);

        await().until(() -> plugin.watchers() == 0);
        assertThat(service.openStreams()).isZero();
    }

    @Test
    void allocateTranslatesEveryFieldOfTheContainerAnswer() {
        AllocateResponse response = client.allocate(AllocateRequest.newBuilder()
                .addContainerRequests(ContainerAllocateRequest.newBuilder().addDevicesIds("GPU-0"))
                .addContainerRequests(ContainerAllocateRequest.newBuilder().addDevicesIds("GPU-1"))
                .build());

        assertThat(response.getContainerResponsesCount()).isEqualTo(2);
        ContainerAllocateResponse first = response.getContainerResponses(0);
        assertThat(first.getEnvsMap()).containsEntry("NVIDIA_VISIBLE_DEVICES", "GPU-0");
        assertThat(first.getMounts(0).getContainerPath()).isEqualTo("/var/run/nvidia-container-devices/GPU-0");
        assertThat(first.getMounts(0).getHostPath()).isEqualTo("/dev/null");
        assertThat(first.getMounts(0).getReadOnly()).isTrue();
        assertThat(first.getDevices(0).getContainerPath()).isEqualTo("/dev/nvidiactl");
        assertThat(first.getDevices(0).getPermissions()).isEqualTo("rw");
        assertThat(first.getAnnotationsMap()).containsEntry("cdi.k8s.io/nvidia-device-plugin", "nvidia.com/gpu=GPU-0");
        assertThat(first.getCdiDevices(0).getName()).isEqualTo("nvidia.com/gpu=GPU-0");
        assertThat(response.getContainerResponses(1).getEnvsMap()).containsEntry("NVIDIA_VISIBLE_DEVICES", "GPU-1");
    }

    @Test
    void anAllocationErrorGoesBackAsUnknownWithTheDomainText() {
        AllocateRequest request = AllocateRequest.newBuilder()
                .addContainerRequests(ContainerAllocateRequest.newBuilder().addDevicesIds("GPU-x"))
                .build();

        assertThatThrownBy(() -> client.allocate(request))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNKNOWN);
                    assertThat(e.getStatus().getDescription()).isEqualTo(FakeDevicePlugin.ALLOCATE_ERROR);
                });
    }

    @Test
    void preferredAllocationAnswersPerContainer() {
        var response = client.getPreferredAllocation(preferredRequest());

        assertThat(response.getContainerResponses(0).getDeviceIDsList()).containsExactly("GPU-0");
    }

    @Test
    void aPreferredAllocationErrorIsPrefixedLikeUpstream() {
        plugin.failPreferredAllocation("size 3 is larger than the available devices");

        assertThatThrownBy(() -> client.getPreferredAllocation(preferredRequest()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNKNOWN);
                    assertThat(e.getStatus().getDescription()).isEqualTo(
                            "error getting list of preferred allocation devices: size 3 is larger than the available devices");
                });
    }

    @Test
    void preStartContainerAnswersEmpty() {
        var response = client.preStartContainer(PreStartContainerRequest.newBuilder().addDevicesIds("GPU-0").build());

        assertThat(response.getSerializedSize()).isZero();
    }

    private static PreferredAllocationRequest preferredRequest() {
        return PreferredAllocationRequest.newBuilder()
                .addContainerRequests(ContainerPreferredAllocationRequest.newBuilder()
                        .addAvailableDeviceIDs("GPU-0").addAvailableDeviceIDs("GPU-1")
                        .setAllocationSize(1))
                .build();
    }

    private static Device device(ListAndWatchResponse response, String id) {
        return response.getDevicesList().stream().filter(d -> d.getID().equals(id)).findFirst().orElseThrow();
    }
}
