package io.nvdp.acceptance.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code gpu-feature-discovery --label-output=node} from the image's jars, against the fabric8 mock API
 * server in CRUD mode: three relabel rounds with a changing config leave exactly the labels it produces
 * under {@code nvidia.com/}, and every other label as it was.
 */
@EnableKubernetesMockClient(crud = true)
class NodeLabellingTest {
    private static final String NODE = "gpu-node-7";
    private static final Map<String, String> OTHERS = Map.of(
            "kubernetes.io/hostname", NODE,
            "topology.kubernetes.io/zone", "z1",
            "nvidia.com/device-plugin.config", "mixed",
            "nvidia.com/gpu.present", "true");

    KubernetesClient client;
    private Path dir;
    private Path kubeconfig;

    @BeforeEach
    void setUp() throws IOException {
        dir = TempDirs.create("nvdp-gfd-node-");
        kubeconfig = Files.writeString(dir.resolve("kubeconfig"), Kubeconfigs.forServer(client.getMasterUrl().toString()));
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName(NODE).withLabels(OTHERS).endMetadata()
                .build()).create();
    }

    @AfterEach
    void tearDown() {
        TempDirs.deleteQuietly(dir);
    }

    private Map<String, String> labelRound(String config) throws Exception {
        Path file = Files.writeString(dir.resolve("config.yaml"), config);
        try (JarProcess gfd = JarProcess.start("gfd", List.of("gpu-feature-discovery", "--oneshot", "--no-timestamp",
                "--device-discovery-strategy=simulated", "--simulated-node=a100-mig", "--label-output=node",
                "--config-file=" + file), Map.of("KUBECONFIG", kubeconfig.toString(), "NODE_NAME", NODE), dir)) {
            assertThat(gfd.awaitExit(Duration.ofSeconds(60))).as(gfd.log()).isZero();
        }
        return client.nodes().withName(NODE).get().getMetadata().getLabels();
    }

    private static Map<String, String> ours(Map<String, String> labels) {
        return labels.entrySet().stream().filter(e -> !OTHERS.containsKey(e.getKey()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    @Test
    void threeRoundsWithAChangingConfigLeaveExactlyTheProducedLabels() throws Exception {
        Map<String, String> plain = labelRound("version: v1\n");
        assertThat(plain).containsAllEntriesOf(OTHERS)
                .containsEntry("nvidia.com/gpu.product", "NVIDIA-A100-SXM4-40GB")
                .containsEntry("nvidia.com/mig.capable", "true");
        assertThat(ours(plain).keySet()).allMatch(k -> k.startsWith("nvidia.com/")).hasSize(14);

        Map<String, String> mixed = labelRound("""
                version: v1
                flags:
                  migStrategy: mixed
                sharing:
                  timeSlicing:
                    resources:
                    - name: nvidia.com/mig-1g.5gb
                      replicas: 2
                """);
        assertThat(mixed).containsAllEntriesOf(OTHERS)
                .containsEntry("nvidia.com/mig.strategy", "mixed")
                .containsEntry("nvidia.com/mig-1g.5gb.product", "NVIDIA-A100-SXM4-40GB-MIG-1g.5gb-SHARED")
                .containsEntry("nvidia.com/mig-1g.5gb.replicas", "2")
                .containsEntry("nvidia.com/mig-2g.10gb.count", "3");

        Map<String, String> back = labelRound("version: v1\n");
        Map<String, String> expected = new HashMap<>(OTHERS);
        expected.putAll(ours(plain));
        assertThat(back).containsExactlyInAnyOrderEntriesOf(expected);
    }
}
