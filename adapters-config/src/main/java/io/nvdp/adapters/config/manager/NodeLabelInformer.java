package io.nvdp.adapters.config.manager;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows one label of one Node with a fabric8 informer (list+watch on {@code metadata.name=<node>}, no resync),
 * as upstream: the value is pushed on add, on update only when it changed, and becomes "" on delete.
 * The ServiceAccount needs get/list/watch on nodes (the chart's ClusterRole).
 */
public final class NodeLabelInformer implements NodeLabelSource {

    private static final Logger LOG = LoggerFactory.getLogger(NodeLabelInformer.class);

    private final KubernetesClient client;
    private final String nodeName;
    private final String label;
    private final LabelValues values = new LabelValues();
    private SharedIndexInformer<Node> informer;

    public NodeLabelInformer(KubernetesClient client, String nodeName, String label) {
        this.client = Objects.requireNonNull(client, "client");
        this.nodeName = Objects.requireNonNull(nodeName, "nodeName");
        this.label = Objects.requireNonNull(label, "label");
    }

    @Override
    public synchronized void start() {
        if (informer != null) {
            throw new IllegalStateException("already started");
        }
        try {
            informer = client.nodes().withName(nodeName).runnableInformer(0);
        } catch (KubernetesClientException e) {
            throw new ConfigManagerException("error watching node " + nodeName + ": " + rootMessage(e), e);
        }
        informer.addEventHandler(new ResourceEventHandler<Node>() {
            @Override
            public void onAdd(Node node) {
                values.set(labelOf(node));
            }

            @Override
            public void onUpdate(Node oldNode, Node newNode) {
                String before = labelOf(oldNode);
                String after = labelOf(newNode);
                if (!before.equals(after)) {
                    values.set(after);
                }
            }

            @Override
            public void onDelete(Node node, boolean deletedFinalStateUnknown) {
                if (!labelOf(node).isEmpty()) {
                    values.set("");
                }
            }
        });
        SharedIndexInformer<Node> started = informer;
        started.start().whenComplete((ignored, error) -> {
            if (error != null) {
                values.fail(new ConfigManagerException("error watching node " + nodeName + ": " + rootMessage(error), error));
            } else {
                // Handlers run asynchronously; the store already holds the listed node, so the first read
                // sees the label even if onAdd has not been delivered yet.
                values.synced(started.getStore().list().stream()
                        .filter(n -> nodeName.equals(n.getMetadata().getName()))
                        .findFirst().map(this::labelOf).orElse(""));
            }
        });
        started.stopped().whenComplete((ignored, error) -> {
            if (error != null) {
                values.fail(new ConfigManagerException("node informer for " + nodeName + " stopped: " + rootMessage(error), error));
            }
        });
        LOG.debug("Started informer on node {} for label {}", nodeName, label);
    }

    @Override
    public Optional<String> next() throws InterruptedException {
        return values.next();
    }

    @Override
    public synchronized void close() {
        values.close();
        if (informer != null) {
            informer.stop();
        }
    }

    private String labelOf(Node node) {
        Map<String, String> labels = node.getMetadata() == null ? null : node.getMetadata().getLabels();
        if (labels == null) {
            return "";
        }
        String value = labels.get(label);
        return value == null ? "" : value;
    }

    private static String rootMessage(Throwable error) {
        Throwable t = error;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String message = t.getMessage();
        return (message == null ? t.getClass().getSimpleName() : message).lines().findFirst().orElse("");
    }
}
