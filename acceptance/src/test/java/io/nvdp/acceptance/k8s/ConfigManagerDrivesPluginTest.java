package io.nvdp.acceptance.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.nvdp.adapters.config.manager.ConfigManagerCommand;
import io.nvdp.simulator.kubelet.KubeletEmulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The chart's node-label reconfiguration, end to end on one simulated node: the API server is fabric8's
 * mock in CRUD mode, kubelet is the emulator, the daemon and the config-manager sidecar are the packaged
 * jar run as processes. The init container's oneshot run is called in-process.
 */
@EnableKubernetesMockClient(crud = true)
class ConfigManagerDrivesPluginTest {
    private static final String NODE = "gpu-node-1";
    private static final String GPU = "nvidia.com/gpu";
    private static final Duration START = Duration.ofSeconds(60);
    private static final Duration SETTLE = Duration.ofSeconds(20);

    KubernetesClient client;

    private Path dir;
    private NodeConfigs configs;
    private Path kubeconfig;
    private KubeletEmulator kubelet;
    private JarProcess daemon;
    private JarProcess sidecar;

    @BeforeEach
    void setUp() throws IOException {
        // the kubelet and plugin sockets live here
        dir = TempDirs.create("nvdp-cm-");
        configs = NodeConfigs.writeUnder(dir);
        kubeconfig = Files.writeString(dir.resolve("kubeconfig"), Kubeconfigs.forServer(client.getMasterUrl().toString()));
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName(NODE)
                .addToLabels(NodeConfigs.LABEL, NodeConfigs.PLAIN).endMetadata().build()).create();
    }

    @AfterEach
    void tearDown() throws Exception {
        // reverse start order; every step runs even if an earlier one fails
        List<Exception> failures = new ArrayList<>();
        for (AutoCloseable c : new AutoCloseable[] {sidecar, daemon, kubelet}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) {
                    failures.add(e);
                }
            }
        }
        TempDirs.deleteQuietly(dir);
        if (!failures.isEmpty()) {
            throw failures.getFirst();
        }
    }

    @Test
    void nodeLabelSwitchesThePluginBetweenConfigsWithoutARestart() throws Exception {
        // init container: link the labelled config before the daemon starts
        assertThat(ConfigManagerCommand.run(List.of(), configs.managerEnv(kubeconfig, NODE, true))).isZero();
        assertThat(configs.linkTarget()).isEqualTo(configs.source(NodeConfigs.PLAIN));

        kubelet = KubeletEmulator.start(dir);
        daemon = JarProcess.start("daemon", List.of(
                "--device-discovery-strategy=simulated", "--simulated-node=dgx-a100",
                "--kubelet-socket=" + kubelet.socket(), "--config-file=" + configs.destination), Map.of(), dir);
        sidecar = JarProcess.start("config-manager", List.of("config-manager"),
                configs.managerEnv(kubeconfig, NODE, false), dir);

        awaitCapacity(NodeConfigs.GPUS, START);
        // the sidecar has listed the node and found the init container's link in place
        await().atMost(START).untilAsserted(() -> assertThat(sidecar.log()).contains("Already configured"));

        label(NodeConfigs.SHARED);
        await().atMost(SETTLE).untilAsserted(
                () -> assertThat(configs.linkTarget()).isEqualTo(configs.source(NodeConfigs.SHARED)));
        awaitCapacity(NodeConfigs.GPUS * NodeConfigs.SHARED_REPLICAS, SETTLE);
        assertThat(kubelet.devices(GPU)).allSatisfy(d -> assertThat(d.getID()).startsWith("GPU-").contains("::"));

        label(NodeConfigs.PLAIN);
        await().atMost(SETTLE).untilAsserted(
                () -> assertThat(configs.linkTarget()).isEqualTo(configs.source(NodeConfigs.PLAIN)));
        awaitCapacity(NodeConfigs.GPUS, SETTLE);

        assertThat(daemon.isAlive()).as("the daemon reloaded in place, it was never restarted").isTrue();
        assertThat(sidecar.isAlive()).as("the sidecar keeps watching").isTrue();
        assertThat(sidecar.terminate(Duration.ofSeconds(10))).as("the sidecar ends within 10 s of SIGTERM").isNotNegative();
        assertThat(daemon.terminate(Duration.ofSeconds(10))).as("the daemon ends within 10 s of SIGTERM").isNotNegative();
    }

    private void label(String config) {
        client.nodes().withName(NODE).edit(n -> new NodeBuilder(n).editMetadata()
                .addToLabels(NodeConfigs.LABEL, config).endMetadata().build());
    }

    private void awaitCapacity(int capacity, Duration timeout) {
        try {
            kubelet.awaitDevices(GPU, devices -> devices.size() == capacity, timeout);
        } catch (TimeoutException e) {
            throw new AssertionError(GPU + " capacity never became " + capacity + ": " + e.getMessage()
                    + "\n--- daemon ---\n" + daemon.log() + "\n--- config-manager ---\n" + sidecar.log(), e);
        }
    }
}
