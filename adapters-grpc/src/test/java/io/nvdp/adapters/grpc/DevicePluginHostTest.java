package io.nvdp.adapters.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.nvdp.adapters.grpc.api.UnixSocketTransport;
import io.nvdp.adapters.grpc.api.v1beta1.AllocateRequest;
import io.nvdp.adapters.grpc.api.v1beta1.ContainerAllocateRequest;
import io.nvdp.adapters.grpc.api.v1beta1.ContainerPreferredAllocationRequest;
import io.nvdp.adapters.grpc.api.v1beta1.Device;
import io.nvdp.adapters.grpc.api.v1beta1.DevicePluginApi;
import io.nvdp.adapters.grpc.api.v1beta1.ListAndWatchResponse;
import io.nvdp.adapters.grpc.api.v1beta1.PreferredAllocationRequest;
import io.nvdp.adapters.grpc.api.v1beta1.RegisterRequest;
import io.nvdp.domain.model.ResourceName;
import io.nvdp.domain.plan.Reconciliation;
import io.nvdp.domain.plan.ResourceDevices;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The host over real unix sockets, talked to with v1beta1 messages only, as kubelet does. */
class DevicePluginHostTest {
    private static final String GPU = "nvidia.com/gpu";
    private static final String MIG = "nvidia.com/mig-1g.5gb";
    private static final Duration RE_REGISTRATION = Duration.ofSeconds(1);
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private final FakeDevicePlugin gpu = new FakeDevicePlugin("gpu", 2);
    private final FakeDevicePlugin mig = new FakeDevicePlugin("mig-1g.5gb", 1);
    private final RecordingListener listener = new RecordingListener();
    private final List<ManagedChannel> channels = new ArrayList<>();
    private Path dir;
    private TestKubelet kubelet;
    private DevicePluginHost host;
    private UnixSocketTransport client;

    @BeforeEach
    void setUp() throws IOException {
        dir = Files.createTempDirectory(Path.of("/tmp"), "nvdp");
        kubelet = new TestKubelet(dir.resolve("kubelet.sock"));
        host = new DevicePluginHost(kubelet.socket, listener);
        client = new UnixSocketTransport("test-client", 1);
    }

    @AfterEach
    void tearDown() throws IOException {
        channels.forEach(ManagedChannel::shutdownNow);
        host.stop();
        kubelet.close();
        client.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void registersEveryPluginWithUpstreamsRequest() throws Exception {
        kubelet.listen();

        host.start(List.of(gpu, mig));

        assertThat(kubelet.registrations()).containsExactlyInAnyOrder(
                RegisterRequest.newBuilder().setVersion("v1beta1").setEndpoint("nvidia-gpu.sock")
                        .setResourceName(GPU)
                        .setOptions(io.nvdp.adapters.grpc.api.v1beta1.DevicePluginOptions.newBuilder()
                                .setGetPreferredAllocationAvailable(true))
                        .build(),
                RegisterRequest.newBuilder().setVersion("v1beta1").setEndpoint("nvidia-mig-1g.5gb.sock")
                        .setResourceName(MIG)
                        .setOptions(io.nvdp.adapters.grpc.api.v1beta1.DevicePluginOptions.newBuilder()
                                .setGetPreferredAllocationAvailable(true))
                        .build());
        assertThat(host.sockets()).containsEntry(ResourceName.GPU, dir.resolve("nvidia-gpu.sock"));
        assertThat(host.registered()).hasSize(2);
        assertThat(listener.registered).hasSize(2);
    }

    @Test
    void servesTheDevicePluginApiOnItsUnixSocket() throws Exception {
        kubelet.listen();
        host.start(List.of(gpu));
        DevicePluginApi.Client plugin = pluginClient("nvidia-gpu.sock");

        StreamRecorder<ListAndWatchResponse> stream = new StreamRecorder<>();
        plugin.listAndWatch(stream);
        assertThat(stream.next().getDevicesList()).extracting(Device::getHealth).containsOnly("Healthy");

        gpu.markUnhealthy("GPU-0");
        ListAndWatchResponse changed = stream.next();
        assertThat(changed.getDevicesList()).extracting(Device::getID).containsExactlyInAnyOrder("GPU-0", "GPU-1");
        assertThat(changed.getDevicesList()).filteredOn(d -> d.getID().equals("GPU-0"))
                .extracting(Device::getHealth).containsExactly("Unhealthy");

        var allocated = plugin.allocate(AllocateRequest.newBuilder()
                .addContainerRequests(ContainerAllocateRequest.newBuilder().addDevicesIds("GPU-1")).build());
        assertThat(allocated.getContainerResponses(0).getEnvsMap()).containsEntry("NVIDIA_VISIBLE_DEVICES", "GPU-1");
        assertThat(allocated.getContainerResponses(0).getCdiDevices(0).getName()).isEqualTo("nvidia.com/gpu=GPU-1");

        gpu.failPreferredAllocation("no devices");
        assertThatThrownBy(() -> plugin.getPreferredAllocation(PreferredAllocationRequest.newBuilder()
                .addContainerRequests(ContainerPreferredAllocationRequest.newBuilder()
                        .addAvailableDeviceIDs("GPU-1").setAllocationSize(1)).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNKNOWN);
                    assertThat(e.getStatus().getDescription())
                            .isEqualTo("error getting list of preferred allocation devices: no devices");
                });
    }

    @Test
    void removesAStaleSocketFileBeforeListening() throws Exception {
        kubelet.listen();
        Files.writeString(dir.resolve("nvidia-gpu.sock"), "left over by a crashed plugin");

        host.start(List.of(gpu));

        assertThat(pluginClient("nvidia-gpu.sock").getDevicePluginOptions().getGetPreferredAllocationAvailable())
                .isTrue();
    }

    @Test
    void reRegistersEveryPluginOnceWithinASecondOfEachKubeletRestart() throws Exception {
        kubelet.listen();
        host.start(List.of(gpu, mig));

        for (int restart = 1; restart <= 3; restart++) {
            kubelet.restart();
            assertThat(kubelet.awaitCount(GPU, 1 + restart, RE_REGISTRATION)).as("gpu after restart %d", restart)
                    .isTrue();
            assertThat(kubelet.awaitCount(MIG, 1 + restart, RE_REGISTRATION)).as("mig after restart %d", restart)
                    .isTrue();
            // kubelet got both; let their answers arrive before the next restart cuts the connection
            await().until(() -> host.registered().size() == 2);
        }
        host.stop();

        // A restart is one burst of events: exactly one registration each, never more.
        assertThat(kubelet.count(GPU)).isEqualTo(4);
        assertThat(kubelet.count(MIG)).isEqualTo(4);
        assertThat(listener.kubeletRestarts).hasValue(3);
    }

    @Test
    void servesAndRegistersAgainWhenSomeoneDeletesThePluginSocket() throws Exception {
        kubelet.listen();
        host.start(List.of(gpu, mig));
        Path socket = dir.resolve("nvidia-gpu.sock");

        Files.delete(socket);

        assertThat(kubelet.awaitCount(GPU, 2, PATIENCE)).isTrue();
        assertThat(socket).exists();
        assertThat(pluginClient("nvidia-gpu.sock").getDevicePluginOptions().getGetPreferredAllocationAvailable())
                .isTrue();
        assertThat(listener.restarted).containsExactly(ResourceName.GPU);
        assertThat(kubelet.count(MIG)).isEqualTo(1);
    }

    @Test
    void registersAsSoonAsTheKubeletSocketAppears() throws Exception {
        host.start(List.of(gpu));
        assertThat(dir.resolve("nvidia-gpu.sock")).exists();
        assertThat(host.registered()).isEmpty();

        kubelet.listen();

        assertThat(kubelet.awaitCount(GPU, 1, PATIENCE)).isTrue();
        await().until(() -> host.registered().contains(ResourceName.GPU));
    }

    @Test
    void aFailedRegistrationIsReportedAndRetriedWhenKubeletComesUp() throws Exception {
        Files.writeString(kubelet.socket, "not a socket: kubelet is not listening");

        host.start(List.of(gpu));

        assertThat(listener.failed).containsExactly(ResourceName.GPU);
        assertThat(host.registered()).isEmpty();
        kubelet.listen();
        assertThat(kubelet.awaitCount(GPU, 1, PATIENCE)).isTrue();
        await().until(() -> host.registered().contains(ResourceName.GPU));
    }

    @Test
    void applyingAReconciliationKeepsKeptPluginsStopsRetiredOnesAndStartsNewOnes() throws Exception {
        kubelet.listen();
        host.start(List.of(gpu, mig));
        Object gpuSocket = fileKey(dir.resolve("nvidia-gpu.sock"));
        StreamRecorder<ListAndWatchResponse> gpuStream = new StreamRecorder<>();
        pluginClient("nvidia-gpu.sock").listAndWatch(gpuStream);
        gpuStream.next();
        StreamRecorder<ListAndWatchResponse> migStream = new StreamRecorder<>();
        pluginClient("nvidia-mig-1g.5gb.sock").listAndWatch(migStream);
        migStream.next();
        FakeDevicePlugin shared = new FakeDevicePlugin("gpu.shared", 4);

        mig.close();
        host.apply(new Reconciliation(List.of(ResourceName.GPU), List.of(),
                List.of(new ResourceDevices(shared.resource(), shared.devices())), List.of(mig.resource())),
                List.of(shared));

        assertThat(migStream.awaitEnd()).isNull();
        assertThat(dir.resolve("nvidia-mig-1g.5gb.sock")).doesNotExist();
        assertThat(fileKey(dir.resolve("nvidia-gpu.sock"))).isEqualTo(gpuSocket);
        gpu.markUnhealthy("GPU-1");
        assertThat(gpuStream.next().getDevicesList()).extracting(Device::getHealth).contains("Unhealthy");
        assertThat(gpuStream.ended).isNotDone();
        assertThat(kubelet.count(GPU)).isEqualTo(1);
        assertThat(kubelet.count("nvidia.com/gpu.shared")).isEqualTo(1);
        assertThat(host.sockets()).containsOnlyKeys(ResourceName.GPU, ResourceName.of("gpu.shared"));
    }

    @Test
    void aReplacedPluginTakesOverTheSocketAndRegistersAgain() throws Exception {
        kubelet.listen();
        host.start(List.of(gpu, mig));
        StreamRecorder<ListAndWatchResponse> gpuStream = new StreamRecorder<>();
        pluginClient("nvidia-gpu.sock").listAndWatch(gpuStream);
        gpuStream.next();
        FakeDevicePlugin bigger = new FakeDevicePlugin("gpu", 4);

        host.apply(new Reconciliation(List.of(mig.resource()), List.of(new ResourceDevices(bigger.resource(),
                bigger.devices())), List.of(), List.of()), List.of(bigger));

        assertThat(gpuStream.awaitEnd()).isNull();
        assertThat(kubelet.awaitCount(GPU, 2, PATIENCE)).isTrue();
        StreamRecorder<ListAndWatchResponse> next = new StreamRecorder<>();
        pluginClient("nvidia-gpu.sock").listAndWatch(next);
        assertThat(next.next().getDevicesList()).hasSize(4);
        assertThat(kubelet.count(MIG)).isEqualTo(1);
        assertThat(host.serving()).containsExactlyInAnyOrder(ResourceName.GPU, mig.resource());
    }

    @Test
    void freshPluginsThatDoNotMatchTheReconciliationAreRefused() throws Exception {
        kubelet.listen();
        host.start(List.of(gpu));
        assertThatThrownBy(() -> host.apply(new Reconciliation(List.of(), List.of(), List.of(), List.of()),
                List.of(mig))).isInstanceOf(IllegalArgumentException.class);
        assertThat(host.serving()).containsExactly(ResourceName.GPU);
    }

    @Test
    void withoutAKubeletSocketPluginsAreServedAndNeverRegistered() throws Exception {
        kubelet.listen();
        DevicePluginHost unregistered = new DevicePluginHost(dir, Optional.empty(), listener);
        try {
            unregistered.start(List.of(gpu));
            assertThat(pluginClient("nvidia-gpu.sock").getDevicePluginOptions().getGetPreferredAllocationAvailable())
                    .isTrue();
            // Registration happens within start() when kubelet is up: none happened.
            assertThat(kubelet.count(GPU)).isZero();
            assertThat(unregistered.registered()).isEmpty();
            assertThat(listener.registered).isEmpty();
            assertThat(listener.failed).isEmpty();
        } finally {
            unregistered.stop();
        }
        assertThat(dir.resolve("nvidia-gpu.sock")).doesNotExist();
    }

    @Test
    void stopEndsStreamsRemovesSocketsAndLeavesNoThreads() throws Exception {
        Set<String> nonDaemonBefore = nonDaemonThreads();
        kubelet.listen();
        host.start(List.of(gpu, mig));
        StreamRecorder<ListAndWatchResponse> stream = new StreamRecorder<>();
        pluginClient("nvidia-gpu.sock").listAndWatch(stream);
        stream.next();

        host.stop();

        assertThat(stream.awaitEnd()).isNull();
        assertThat(dir.resolve("nvidia-gpu.sock")).doesNotExist();
        assertThat(dir.resolve("nvidia-mig-1g.5gb.sock")).doesNotExist();
        assertThat(gpu.watchers()).isZero();
        assertThat(threadNames()).noneMatch(name -> name.startsWith("nvdp-"));
        assertThat(nonDaemonThreads()).isSubsetOf(nonDaemonBefore);
    }

    @Test
    void aPluginThatCannotBeServedIsReportedWithoutStoppingTheOthers() throws Exception {
        kubelet.listen();
        Files.createDirectory(dir.resolve("nvidia-gpu.sock"));
        Files.writeString(dir.resolve("nvidia-gpu.sock").resolve("blocker"), "x");

        assertThatThrownBy(() -> host.start(List.of(gpu, mig)))
                .hasMessageContaining("could not serve every device plugin");

        assertThat(kubelet.count(MIG)).isEqualTo(1);
        assertThat(host.sockets()).containsOnlyKeys(ResourceName.of("mig-1g.5gb"));
    }

    private DevicePluginApi.Client pluginClient(String endpoint) {
        ManagedChannel channel = client.channel(dir.resolve(endpoint));
        channels.add(channel);
        return new DevicePluginApi.Client(channel, Duration.ofSeconds(5));
    }

    private static Object fileKey(Path path) throws IOException {
        return Files.readAttributes(path, BasicFileAttributes.class).fileKey();
    }

    private static Set<String> threadNames() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .collect(Collectors.toSet());
    }

    private static Set<String> nonDaemonThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.isAlive() && !t.isDaemon())
                .map(Thread::getName).collect(Collectors.toSet());
    }

    private static final class RecordingListener implements HostListener {
        final List<ResourceName> registered = new CopyOnWriteArrayList<>();
        final List<ResourceName> restarted = new CopyOnWriteArrayList<>();
        final List<ResourceName> failed = new CopyOnWriteArrayList<>();
        final AtomicInteger kubeletRestarts = new AtomicInteger();

        @Override
        public void kubeletRestarted() {
            kubeletRestarts.incrementAndGet();
        }

        @Override
        public void registrationFailed(ResourceName resource, String error) {
            failed.add(resource);
        }

        @Override
        public void registered(ResourceName resource) {
            registered.add(resource);
        }

        @Override
        public void serverRestarted(ResourceName resource) {
            restarted.add(resource);
        }
    }
}
