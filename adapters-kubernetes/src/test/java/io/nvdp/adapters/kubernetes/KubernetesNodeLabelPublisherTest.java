package io.nvdp.adapters.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.nvdp.domain.labels.NodeLabels;
import io.nvdp.domain.port.LabelPublisher.LabelPublishingException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Direct node labelling against the fabric8 mock API server in CRUD mode. */
@EnableKubernetesMockClient(crud = true)
class KubernetesNodeLabelPublisherTest {
    private static final Map<String, String> OTHERS = Map.of(
            "kubernetes.io/hostname", "gpu-node-1",
            "node-role.kubernetes.io/worker", "",
            // nvidia.com/ labels that someone else set: config-manager's selector and an operator's label.
            "nvidia.com/device-plugin.config", "sharing",
            "nvidia.com/gpu.present", "true");

    KubernetesClient client;

    @BeforeEach
    void node() {
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName("gpu-node-1").withLabels(OTHERS)
                .withAnnotations(Map.of("node.alpha.kubernetes.io/ttl", "0")).endMetadata()
                .withNewSpec().withUnschedulable(false).endSpec().build()).create();
    }

    private Map<String, String> labelsOnNode() {
        return client.nodes().withName("gpu-node-1").get().getMetadata().getLabels();
    }

    private static Map<String, String> plus(Map<String, String> ours) {
        Map<String, String> all = new HashMap<>(OTHERS);
        all.putAll(ours);
        return all;
    }

    @Test
    void threeRoundsWithAChangingConfigLeaveExactlyTheProducedLabelsAndNothingElseChanges() {
        KubernetesNodeLabelPublisher publisher = new KubernetesNodeLabelPublisher(client, "gpu-node-1");

        // Round 1: a plain node.
        Map<String, String> plain = Map.of("nvidia.com/gpu.product", "Tesla-T4", "nvidia.com/gpu.count", "4",
                "nvidia.com/gpu.replicas", "1", "nvidia.com/cuda.driver.major", "535");
        publisher.publish(NodeLabels.of(plain));
        assertThat(labelsOnNode()).containsExactlyInAnyOrderEntriesOf(plus(plain));

        // Round 2: the config switches to time-slicing, and a mixed-strategy resource appears.
        Map<String, String> shared = Map.of("nvidia.com/gpu.product", "Tesla-T4-SHARED", "nvidia.com/gpu.count", "4",
                "nvidia.com/gpu.replicas", "4", "nvidia.com/cuda.driver.major", "535",
                "nvidia.com/mig-1g.5gb.count", "2", "nvidia.com/mig.strategy", "mixed");
        publisher.publish(NodeLabels.of(shared));
        assertThat(labelsOnNode()).containsExactlyInAnyOrderEntriesOf(plus(shared));

        // Round 3: back to fewer labels; those set in round 2 and no longer produced go, others' stay.
        Map<String, String> fewer = Map.of("nvidia.com/gpu.product", "Tesla-T4", "nvidia.com/gpu.count", "4");
        KubernetesNodeLabelPublisher restarted = new KubernetesNodeLabelPublisher(client, "gpu-node-1");
        restarted.publish(NodeLabels.of(fewer));
        assertThat(labelsOnNode()).containsExactlyInAnyOrderEntriesOf(plus(fewer));

        var node = client.nodes().withName("gpu-node-1").get();
        assertThat(node.getMetadata().getAnnotations())
                .containsEntry("node.alpha.kubernetes.io/ttl", "0")
                .containsEntry(KubernetesNodeLabelPublisher.MANAGED_ANNOTATION, "nvidia.com/gpu.count,nvidia.com/gpu.product");
        assertThat(node.getSpec().getUnschedulable()).isFalse();
    }

    @Test
    void aManagedListNamingForeignKeysNeverRemovesThem() {
        client.nodes().withName("gpu-node-1").edit(n -> {
            n.getMetadata().getAnnotations().put(KubernetesNodeLabelPublisher.MANAGED_ANNOTATION,
                    "kubernetes.io/hostname,nvidia.com/gpu.count");
            return n;
        });
        new KubernetesNodeLabelPublisher(client, "gpu-node-1").publish(NodeLabels.of(Map.of("nvidia.com/gpu.count", "1")));
        assertThat(labelsOnNode()).containsEntry("kubernetes.io/hostname", "gpu-node-1");
    }

    @Test
    void aMissingNodeIsOneLine() {
        assertThatThrownBy(() -> new KubernetesNodeLabelPublisher(client, "elsewhere").publish(NodeLabels.NONE))
                .isInstanceOf(LabelPublishingException.class)
                .hasMessage("error labelling node 'elsewhere': no such Node");
        assertThatThrownBy(() -> new KubernetesNodeLabelPublisher(client, ""))
                .hasMessageStartingWith("invalid --node-name: must not be empty string");
    }
}
