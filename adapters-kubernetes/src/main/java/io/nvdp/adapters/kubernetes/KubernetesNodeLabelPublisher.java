package io.nvdp.adapters.kubernetes;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.nvdp.domain.labels.NodeLabels;
import io.nvdp.domain.port.LabelPublisher;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Sets the GPU feature labels on this node's Node object, for clusters without node-feature-discovery.
 * It touches only {@code nvidia.com/} labels it produces, and removes the ones it set before and no longer
 * produces; which those are it records in one annotation of its own ({@link #MANAGED_ANNOTATION}), so a
 * restarted labeller still knows. Labels others set (operators, config-manager's config label) stay.
 * Each change is one JSON patch of just the changed keys.
 */
public final class KubernetesNodeLabelPublisher implements LabelPublisher {
    /** The label keys this labeller set last time, comma separated. */
    public static final String MANAGED_ANNOTATION = "nvidia.com/gfd.managed-labels";

    private final KubernetesClient client;
    private final String nodeName;

    public KubernetesNodeLabelPublisher(KubernetesClient client, String nodeName) {
        this.client = Objects.requireNonNull(client, "client");
        this.nodeName = Objects.requireNonNull(nodeName, "nodeName");
        if (nodeName.isEmpty()) {
            throw new LabelPublishingException("invalid --node-name: must not be empty string (set NODE_NAME from the"
                    + " downward API)");
        }
    }

    @Override
    public void publish(NodeLabels labels) {
        try {
            Node node = client.nodes().withName(nodeName).get();
            if (node == null) {
                throw new LabelPublishingException("error labelling node '" + nodeName + "': no such Node");
            }
            Map<String, String> current = node.getMetadata().getLabels() == null
                    ? Map.of() : node.getMetadata().getLabels();
            Set<String> previous = managed(node);
            Set<String> stale = new TreeSet<>(previous);
            stale.removeAll(labels.values().keySet());
            String managed = String.join(",", labels.values().keySet());
            boolean unchanged = stale.stream().noneMatch(current::containsKey)
                    && labels.values().entrySet().stream().allMatch(e -> e.getValue().equals(current.get(e.getKey())))
                    && managed.equals(annotation(node));
            if (unchanged) {
                return;
            }
            client.nodes().withName(nodeName).edit(n -> {
                Map<String, String> newLabels = new HashMap<>(n.getMetadata().getLabels() == null
                        ? Map.of() : n.getMetadata().getLabels());
                stale.forEach(newLabels::remove);
                newLabels.putAll(labels.values());
                Map<String, String> annotations = new HashMap<>(n.getMetadata().getAnnotations() == null
                        ? Map.of() : n.getMetadata().getAnnotations());
                annotations.put(MANAGED_ANNOTATION, managed);
                n.getMetadata().setLabels(newLabels);
                n.getMetadata().setAnnotations(annotations);
                return n;
            });
        } catch (KubernetesClientException e) {
            throw new LabelPublishingException("error labelling node '" + nodeName + "': " + oneLine(e), e);
        }
    }

    /** Labels stay when the labeller stops: the next one takes them over, and pods keep their placement. */
    @Override
    public void withdraw() {
    }

    private static String annotation(Node node) {
        Map<String, String> annotations = node.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(MANAGED_ANNOTATION);
    }

    private static Set<String> managed(Node node) {
        String value = annotation(node);
        if (value == null || value.isBlank()) {
            return Set.of();
        }
        // Only our own namespace, whatever the annotation says.
        return Arrays.stream(value.split(",")).map(String::strip).filter(NodeLabels::isOurs)
                .collect(Collectors.toSet());
    }

    private static String oneLine(KubernetesClientException e) {
        String message = e.getStatus() != null && e.getStatus().getMessage() != null
                ? e.getStatus().getMessage() : String.valueOf(e.getMessage());
        return message.replace('\n', ' ');
    }
}
