package io.nvdp.bootstrap;

import io.nvdp.adapters.config.ConfigLoader;
import io.nvdp.adapters.config.LoadedConfig;
import io.nvdp.bootstrap.metrics.PluginMetrics;
import io.nvdp.domain.health.XidPolicy;
import io.nvdp.domain.model.Node;
import io.nvdp.domain.port.DiscoveryException;
import io.nvdp.domain.port.GpuInventory;
import io.nvdp.domain.port.HealthEvent;
import io.nvdp.domain.port.HealthEvents;
import io.nvdp.simulator.inventory.SimulatedGpuInventory;
import io.nvdp.simulator.profile.NodeProfiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A daemon over fake ports: a simulated node behind an inventory the test can hold or fail, health
 * events that never come, the {@link FakeHost} instead of kubelet, and a real config file in a temp
 * directory read by the real loader (which the test can hold, too). No sockets, no threads of its own.
 */
final class DaemonFixture implements AutoCloseable {
    /** Generous: waits end on the event, this only bounds a hang. */
    static final Duration PATIENCE = Duration.ofSeconds(30);

    /** On a100-mig with the mixed strategy: two full GPUs and three MIG resources. */
    static final String PLAIN = "version: v1\n";
    /** The full GPUs shared and renamed: nvidia.com/gpu retires, nvidia.com/gpu.shared starts. */
    static final String SHARED = """
            version: v1
            sharing:
              timeSlicing:
                renameByDefault: true
                resources:
                - name: nvidia.com/gpu
                  replicas: 2
            """;
    /** nvidia.com/gpu with four replicas per GPU, not renamed: replaced. */
    static final String FOUR_REPLICAS = """
            version: v1
            sharing:
              timeSlicing:
                resources:
                - name: nvidia.com/gpu
                  replicas: 4
            """;
    static final String BROKEN = """
            version: v1
            sharing:
              timeSlicing:
                resources:
                - name: nvidia.com/gpu
                  replicas: 1
            """;

    final Path dir;
    final Path configFile;
    final FakeHost host = new FakeHost();
    final PluginMetrics metrics = new PluginMetrics();
    final ConfigFileContent content;
    final AtomicInteger loads = new AtomicInteger();
    private final List<String> args;
    private final ConfigLoader loader = new ConfigLoader();
    private final Node node = new SimulatedGpuInventory(NodeProfiles.load("a100-mig")).discover();
    private final AtomicInteger discoveries = new AtomicInteger();
    /** The CDI plans the daemon applied, in order. */
    final List<io.nvdp.domain.cdi.CdiPlan> cdiPlans = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile CountDownLatch discoveryGate;
    private volatile CountDownLatch loadGate;
    private volatile int failingDiscoveries;
    private final CountDownLatch discoveryEntered = new CountDownLatch(1);
    private volatile CountDownLatch loadEntered = new CountDownLatch(1);

    DaemonFixture(String config, String... extraFlags) throws IOException {
        dir = Files.createTempDirectory("nvdp-lifecycle");
        configFile = dir.resolve("config.yaml");
        Files.writeString(configFile, config, StandardCharsets.UTF_8);
        args = Stream.concat(Stream.of("--device-discovery-strategy=simulated", "--simulated-node=a100-mig",
                "--mig-strategy=mixed", "--kubelet-socket=" + dir.resolve("kubelet.sock"),
                "--config-file=" + configFile, "--health-recovery-interval=0"), Stream.of(extraFlags)).toList();
        content = new ConfigFileContent(Optional.of(configFile));
    }

    /** Replaces the config file atomically, as the config manager or an editor does. */
    void writeConfig(String config) throws IOException {
        Path next = dir.resolve("config.yaml.next");
        Files.writeString(next, config, StandardCharsets.UTF_8);
        Files.move(next, configFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The next discoveries wait until the returned latch is counted down. */
    CountDownLatch holdDiscovery() {
        discoveryGate = new CountDownLatch(1);
        return discoveryGate;
    }

    void awaitDiscoveryEntered() {
        FakeHost.await(discoveryEntered);
    }

    /** The next config loads (reloads) wait until the returned latch is counted down. */
    CountDownLatch holdLoads() {
        loadEntered = new CountDownLatch(1);
        loadGate = new CountDownLatch(1);
        return loadGate;
    }

    void awaitLoadEntered() {
        FakeHost.await(loadEntered);
    }

    /** The next {@code count} discoveries fail as a node without a driver does. */
    void failDiscoveries(int count) {
        failingDiscoveries = count;
    }

    int discoveries() {
        return discoveries.get();
    }

    LoadedConfig load() {
        loadEntered.countDown();
        CountDownLatch gate = loadGate;
        if (gate != null) {
            FakeHost.await(gate);
        }
        loads.incrementAndGet();
        return loader.load(args, Map.of());
    }

    Daemon daemon() {
        GpuInventory inventory = () -> {
            discoveries.incrementAndGet();
            discoveryEntered.countDown();
            CountDownLatch gate = discoveryGate;
            if (gate != null) {
                FakeHost.await(gate);
            }
            if (failingDiscoveries > 0) {
                failingDiscoveries--;
                throw new DiscoveryException(DiscoveryException.Kind.INIT_FAILED, "failed to initialize NVML: ERROR_LIBRARY_NOT_FOUND");
            }
            return node;
        };
        HealthEvents quiet = new HealthEvents() {
            @Override
            public Watch start(Node watched, Consumer<HealthEvent> sink) {
                return () -> { };
            }

            @Override
            public boolean isUsable(String gpuUuid) {
                return true;
            }
        };
        return new Daemon(load(), this::load, new NodeSource("fake", inventory, quiet, List.of(), () -> "535.104.05"),
                path -> false, host, metrics, XidPolicy.defaults(), InstantSource.system(), cdiPlans::add);
    }

    @Override
    public void close() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
