package io.nvdp.acceptance.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.nvdp.adapters.config.manager.ConfigManagerCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The daemon against a real kubelet: a one-node k3s cluster in a container, the plugin on the host in
 * simulated mode (dgx-a100, 8 GPUs), a busybox pod that gets a GPU, and the config manager switching the node
 * to time-slicing through its label.
 *
 * <p>Assumptions, where Docker is present:
 * <ul>
 *   <li>The Docker daemon runs on this host's kernel (Linux, not a Docker Desktop VM): kubelet's device-plugin
 *       directory {@code /var/lib/kubelet/device-plugins} is a bind mount of a host temp dir, and the unix
 *       sockets in it ({@code kubelet.sock} served inside the container, {@code nvidia-gpu.sock} served by the
 *       plugin on the host) only connect across the mount when both sides share the kernel.</li>
 *   <li>The container may pull {@code rancher/k3s} and, inside k3s, {@code busybox}.</li>
 *   <li>kubelet creates {@code kubelet.sock} as the container's root; the test makes it world-writable so a
 *       plugin run by a non-root user can register.</li>
 *   <li>No NVIDIA runtime in k3s: the pod runs with runc, so Allocate's {@code NVIDIA_VISIBLE_DEVICES} reaches
 *       it as a plain environment variable, which is what the pod prints.</li>
 * </ul>
 * Without Docker the whole class is skipped ({@link DockerRequired}) with the reason in the report and the
 * build log. The methods run in order on one cluster, each building on the state the previous one left.
 */
@Tag("k3s")
@ExtendWith(DockerRequired.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class K3sClusterTest {
    private static final DockerImageName K3S_IMAGE = DockerImageName.parse("rancher/k3s:v1.30.4-k3s1");
    private static final String PLUGIN_DIR_IN_K3S = "/var/lib/kubelet/device-plugins";
    private static final String GPU = "nvidia.com/gpu";
    private static final Duration CLUSTER = Duration.ofMinutes(3);

    private Path pluginDir;
    private Path workDir;
    private K3sContainer k3s;
    private KubernetesClient client;
    private String nodeName;
    private NodeConfigs configs;
    private Path kubeconfig;
    private JarProcess daemon;
    private Thread sidecar;
    private final AtomicInteger sidecarExit = new AtomicInteger(-1);

    @BeforeAll
    void startClusterAndPlugin() throws Exception {
        pluginDir = TempDirs.create("nvdp-k3s-");
        workDir = TempDirs.create("nvdp-k3w-");
        k3s = new K3sContainer(K3S_IMAGE)
                .withFileSystemBind(pluginDir.toString(), PLUGIN_DIR_IN_K3S, BindMode.READ_WRITE);
        k3s.start();
        kubeconfig = Files.writeString(workDir.resolve("kubeconfig"), k3s.getKubeConfigYaml());
        client = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(k3s.getKubeConfigYaml())).build();
        nodeName = await().atMost(CLUSTER).until(() -> client.nodes().list().getItems(), nodes -> nodes.size() == 1)
                .getFirst().getMetadata().getName();

        Path kubeletSocket = pluginDir.resolve("kubelet.sock");
        await().atMost(CLUSTER).until(() -> Files.exists(kubeletSocket));
        ExecResult chmod = k3s.execInContainer("chmod", "0666", PLUGIN_DIR_IN_K3S + "/kubelet.sock");
        assertThat(chmod.getExitCode()).as("chmod kubelet.sock: %s", chmod.getStderr()).isZero();

        // the chart's init container: the node has no label yet, so the default config is linked
        configs = NodeConfigs.writeUnder(workDir);
        assertThat(ConfigManagerCommand.run(List.of(), configs.managerEnv(kubeconfig, nodeName, true))).isZero();
        assertThat(configs.linkTarget()).isEqualTo(configs.source(NodeConfigs.PLAIN));

        daemon = JarProcess.start("daemon", List.of(
                "--device-discovery-strategy=simulated", "--simulated-node=dgx-a100",
                "--kubelet-socket=" + kubeletSocket, "--config-file=" + configs.destination), Map.of(), workDir);
    }

    @AfterAll
    void stopEverything() throws Exception {
        try {
            if (sidecar != null) {
                sidecar.interrupt();
                sidecar.join(Duration.ofSeconds(10));
            }
            if (daemon != null) {
                daemon.close();
            }
            if (client != null) {
                client.close();
            }
        } finally {
            if (k3s != null) {
                k3s.stop();
            }
            TempDirs.deleteQuietly(workDir);
            TempDirs.deleteQuietly(pluginDir);
        }
    }

    @Test
    @Order(1)
    void kubeletAdvertisesTheSimulatedGpus() {
        awaitNodeCapacity(NodeConfigs.GPUS);
    }

    @Test
    @Order(2)
    void aPodRequestingAGpuSeesItsUuidInTheEnvironment() {
        awaitNodeCapacity(NodeConfigs.GPUS);
        // a fresh cluster creates the namespace's default service account a little after the API is up
        await().atMost(CLUSTER).until(
                () -> client.serviceAccounts().inNamespace("default").withName("default").get() != null);
        Pod pod = new PodBuilder()
                .withNewMetadata().withName("gpu-probe").withNamespace("default").endMetadata()
                .withNewSpec().withRestartPolicy("Never")
                .addNewContainer().withName("probe").withImage("busybox:1.36")
                .withCommand("sh", "-c", "echo NVIDIA_VISIBLE_DEVICES=$NVIDIA_VISIBLE_DEVICES; sleep 1")
                .withNewResources().addToLimits(GPU, new Quantity("1")).endResources()
                .endContainer().endSpec().build();
        client.pods().inNamespace("default").resource(pod).create();

        Pod done = client.pods().inNamespace("default").withName("gpu-probe").waitUntilCondition(
                p -> p != null && p.getStatus() != null
                        && List.of("Succeeded", "Failed").contains(p.getStatus().getPhase()),
                CLUSTER.toSeconds(), TimeUnit.SECONDS);
        assertThat(done.getStatus().getPhase()).as("pod phase; status: %s", done.getStatus()).isEqualTo("Succeeded");
        assertThat(client.pods().inNamespace("default").withName("gpu-probe").getLog())
                .contains("NVIDIA_VISIBLE_DEVICES=GPU-");
    }

    @Test
    @Order(3)
    void labellingTheNodeSwitchesThePluginToTimeSlicing() {
        sidecar = Thread.ofPlatform().name("config-manager-sidecar").daemon().start(() ->
                sidecarExit.set(ConfigManagerCommand.run(List.of(), configs.managerEnv(kubeconfig, nodeName, false))));

        client.nodes().withName(nodeName).edit(n -> new NodeBuilder(n).editMetadata()
                .addToLabels(NodeConfigs.LABEL, NodeConfigs.SHARED).endMetadata().build());

        await().atMost(Duration.ofSeconds(30)).untilAsserted(
                () -> assertThat(configs.linkTarget()).isEqualTo(configs.source(NodeConfigs.SHARED)));
        awaitNodeCapacity(NodeConfigs.GPUS * NodeConfigs.SHARED_REPLICAS);
        assertThat(sidecar.isAlive()).as("the sidecar keeps watching (exit %d)", sidecarExit.get()).isTrue();
        assertThat(daemon.isAlive()).as("the daemon reloaded in place").isTrue();
    }

    private void awaitNodeCapacity(int gpus) {
        try {
            await().atMost(CLUSTER).pollInterval(Duration.ofSeconds(2))
                    .until(() -> capacity(client.nodes().withName(nodeName).get()), c -> c == gpus);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(GPU + " capacity of node " + nodeName + " never became " + gpus
                    + "\n--- daemon ---\n" + daemon.log(), e);
        }
    }

    private static int capacity(Node node) {
        if (node == null || node.getStatus() == null || node.getStatus().getCapacity() == null) {
            return 0;
        }
        Quantity quantity = node.getStatus().getCapacity().get(GPU);
        return quantity == null ? 0 : Integer.parseInt(quantity.getAmount());
    }
}
