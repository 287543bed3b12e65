package io.nvdp.acceptance.daemon;

import io.nvdp.acceptance.PluginProcess;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.ManagedChannel;
import io.nvdp.adapters.grpc.api.UnixSocketTransport;
import io.nvdp.adapters.grpc.api.v1beta1.AllocateRequest;
import io.nvdp.adapters.grpc.api.v1beta1.AllocateResponse;
import io.nvdp.adapters.grpc.api.v1beta1.ContainerAllocateRequest;
import io.nvdp.adapters.grpc.api.v1beta1.ContainerAllocateResponse;
import io.nvdp.adapters.grpc.api.v1beta1.ContainerPreferredAllocationRequest;
import io.nvdp.adapters.grpc.api.v1beta1.Device;
import io.nvdp.adapters.grpc.api.v1beta1.DevicePluginApi;
import io.nvdp.adapters.grpc.api.v1beta1.PreferredAllocationRequest;
import io.nvdp.adapters.grpc.api.v1beta1.PreferredAllocationResponse;
import io.nvdp.simulator.kubelet.KubeletEmulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Ten thousand Allocate calls from eight kubelet-like clients, each on its own connection, against
 * the packaged daemon: every call is answered correctly and, once the clients are gone, the daemon
 * is back to the threads and descriptors it had before (nothing leaks per connection or per call).
 */
class AllocationLoadTest {
    private static final String RESOURCE = "nvidia.com/gpu";
    private static final int CLIENTS = 8;
    private static final int ALLOCATES_PER_CLIENT = 1250;
    /** One GetPreferredAllocation per this many Allocate calls. */
    private static final int PREFERRED_EVERY = 10;
    /** Pools may settle one thread or descriptor off; a leak grows with the 10,000 calls. */
    private static final int TOLERANCE = 2;

    private Path dir;
    private KubeletEmulator kubelet;
    private PluginProcess daemon;

    @BeforeEach
    void startDaemon() throws Exception {
        dir = Files.createTempDirectory(Path.of("/tmp"), "nvdp-load");
        Path config = dir.resolve("config.yaml");
        Files.writeString(config, """
                version: v1
                sharing:
                  timeSlicing:
                    resources:
                    - name: nvidia.com/gpu
                      replicas: 4
                """);
        kubelet = KubeletEmulator.start(dir);
        daemon = PluginProcess.start(PluginProcess.IMAGE_JVM_OPTIONS, List.of(
                "--device-discovery-strategy=simulated", "--simulated-node=dgx-a100",
                "--kubelet-socket=" + kubelet.socket(), "--config-file=" + config), Map.of(), dir.resolve("logs"));
    }

    @AfterEach
    void stopDaemon() throws Exception {
        if (daemon != null) {
            daemon.close();
        }
        if (kubelet != null) {
            kubelet.close();
        }
        PluginProcess.deleteTree(dir);
    }

    @Test
    void tenThousandConcurrentAllocationsAreAllAnsweredAndLeakNoThreadsOrDescriptors() throws Exception {
        kubelet.awaitRegistrations(RESOURCE, 1, Duration.ofSeconds(30));
        List<String> ids = kubelet.awaitDevices(RESOURCE, devices -> devices.size() == 32, Duration.ofSeconds(30))
                .stream().map(Device::getID).toList();
        assertThat(ids).allMatch(id -> id.matches("GPU-[0-9a-f-]+::[0-3]"));

        int threadsBefore = daemon.threadCount();
        int fdsBefore = daemon.openFdCount();
        Map<String, Long> threadNamesBefore = daemon.threadNames();
        Map<String, Long> fdTargetsBefore = daemon.fdTargets();

        AtomicInteger allocates = new AtomicInteger();
        AtomicInteger preferred = new AtomicInteger();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        Path socket = dir.resolve("nvidia-gpu.sock");
        AtomicInteger peakThreads = new AtomicInteger(threadsBefore);
        AtomicInteger peakFds = new AtomicInteger(fdsBefore);
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleWithFixedDelay(() -> {
            try {
                peakThreads.accumulateAndGet(daemon.threadCount(), Math::max);
                peakFds.accumulateAndGet(daemon.openFdCount(), Math::max);
            } catch (IOException e) {
                // the daemon died: the assertions below say so
            }
        }, 0, 200, TimeUnit.MILLISECONDS);
        long start = System.nanoTime();
        try (UnixSocketTransport transport = new UnixSocketTransport("load-client", 4)) {
            List<ManagedChannel> channels = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                channels.add(transport.channel(socket));
            }
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int c = 0; c < CLIENTS; c++) {
                    int client = c;
                    DevicePluginApi.Client api = new DevicePluginApi.Client(channels.get(c), Duration.ofSeconds(30));
                    done.add(clients.submit(() -> runClient(client, api, ids, allocates, preferred, failures)));
                }
                for (Future<?> f : done) {
                    f.get(120, TimeUnit.SECONDS);
                }
            } finally {
                clients.shutdownNow();
                for (ManagedChannel channel : channels) {
                    channel.shutdown();
                }
                for (ManagedChannel channel : channels) {
                    channel.awaitTermination(10, TimeUnit.SECONDS);
                }
            }
        }
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        sampler.shutdownNow();
        sampler.awaitTermination(5, TimeUnit.SECONDS);

        assertThat(failures).as("failed calls (first ones)").isEmpty();
        assertThat(allocates.get()).isEqualTo(CLIENTS * ALLOCATES_PER_CLIENT);

        long settleStart = System.nanoTime();
        int[] after = new int[2];
        try {
            await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(250)).until(() -> {
                after[0] = daemon.threadCount();
                after[1] = daemon.openFdCount();
                return after[0] <= threadsBefore + TOLERANCE && after[1] <= fdsBefore + TOLERANCE;
            });
        } finally {
            System.out.printf("AllocationLoadTest: %d Allocate + %d GetPreferredAllocation calls from %d clients "
                            + "in %d ms (%.0f calls/s)%n", allocates.get(), preferred.get(), CLIENTS, elapsedMillis,
                    (allocates.get() + preferred.get()) * 1000.0 / Math.max(1, elapsedMillis));
            System.out.printf("AllocationLoadTest: threads before=%d peak=%d after=%d; fds before=%d peak=%d "
                            + "after=%d; settled in %d ms%n", threadsBefore, peakThreads.get(), after[0], fdsBefore,
                    peakFds.get(), after[1], TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - settleStart));
            System.out.println("AllocationLoadTest: threads before " + threadNamesBefore);
            System.out.println("AllocationLoadTest: threads after  " + daemon.threadNames());
            System.out.println("AllocationLoadTest: fds before " + fdTargetsBefore);
            System.out.println("AllocationLoadTest: fds after  " + daemon.fdTargets());
        }
        assertThat(daemon.isAlive()).isTrue();
        assertThat(kubelet.watching(RESOURCE)).as("the kubelet's ListAndWatch stream survived the load").isTrue();
    }

    private static void runClient(int client, DevicePluginApi.Client api, List<String> ids, AtomicInteger allocates,
            AtomicInteger preferred, ConcurrentLinkedQueue<String> failures) {
        for (int i = 0; i < ALLOCATES_PER_CLIENT; i++) {
            int call = client * ALLOCATES_PER_CLIENT + i;
            try {
                if (i % PREFERRED_EVERY == 0) {
                    checkPreferred(api, ids, 1 + call % 4);
                    preferred.incrementAndGet();
                }
                checkAllocate(api, requestFor(call, ids));
                allocates.incrementAndGet();
            } catch (RuntimeException | AssertionError e) {
                if (failures.size() < 5) {
                    failures.add("client " + client + " call " + i + ": " + e);
                }
            }
        }
    }

    /**
     * Single-device requests, multi-device requests (up to four replicas, spread over GPUs) and
     * requests for two containers at once, with valid IDs varying from call to call.
     */
    private static List<List<String>> requestFor(int call, List<String> ids) {
        int size = 1 + call % 4;
        int containers = call % 7 == 0 ? 2 : 1;
        List<List<String>> request = new ArrayList<>();
        int next = (call * 5) % ids.size();
        for (int c = 0; c < containers; c++) {
            List<String> devices = new ArrayList<>();
            for (int d = 0; d < size; d++) {
                devices.add(ids.get(next));
                next = (next + 9) % ids.size();
            }
            request.add(devices);
        }
        return request;
    }

    private static void checkAllocate(DevicePluginApi.Client api, List<List<String>> containers) {
        AllocateRequest.Builder request = AllocateRequest.newBuilder();
        containers.forEach(ids -> request.addContainerRequests(ContainerAllocateRequest.newBuilder().addAllDevicesIds(ids)));
        AllocateResponse response = api.allocate(request.build());
        assertThat(response.getContainerResponsesCount()).isEqualTo(containers.size());
        for (int c = 0; c < containers.size(); c++) {
            ContainerAllocateResponse container = response.getContainerResponses(c);
            String visible = container.getEnvsMap().get("NVIDIA_VISIBLE_DEVICES");
            assertThat(visible).as("NVIDIA_VISIBLE_DEVICES").isNotBlank();
            List<String> requested = containers.get(c);
            // A replica ID is <GPU UUID>::<n>: each visible GPU is one of the requested GPUs.
            for (String gpu : visible.split(",")) {
                assertThat(requested).as("requested IDs for visible GPU %s", gpu).anyMatch(id -> id.startsWith(gpu + "::"));
            }
        }
    }

    private static void checkPreferred(DevicePluginApi.Client api, List<String> ids, int size) {
        PreferredAllocationResponse response = api.getPreferredAllocation(PreferredAllocationRequest.newBuilder()
                .addContainerRequests(ContainerPreferredAllocationRequest.newBuilder()
                        .addAllAvailableDeviceIDs(ids)
                        .setAllocationSize(size))
                .build());
        assertThat(response.getContainerResponsesCount()).isEqualTo(1);
        List<String> chosen = response.getContainerResponses(0).getDeviceIDsList();
        assertThat(chosen).hasSize(size).doesNotHaveDuplicates();
        assertThat(ids).containsAll(chosen);
    }
}
