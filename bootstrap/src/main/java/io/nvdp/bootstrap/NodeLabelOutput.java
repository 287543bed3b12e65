package io.nvdp.bootstrap;

import io.nvdp.adapters.config.GfdOptions;
import io.nvdp.adapters.kubernetes.KubernetesClients;
import io.nvdp.adapters.kubernetes.KubernetesNodeLabelPublisher;
import io.nvdp.domain.port.LabelPublisher;

/**
 * {@code --label-output=node}: labels on the Node object. The Kubernetes client lives in the
 * config-manager jar only (the daemon's jar carries none), so this output runs from that jar.
 */
final class NodeLabelOutput {
    static final String KUBERNETES_CLIENT = "io.fabric8.kubernetes.client.KubernetesClient";

    private NodeLabelOutput() {
    }

    static LabelPublisher publisher(GfdOptions options) {
        try {
            Class.forName(KUBERNETES_CLIENT, false, NodeLabelOutput.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new LabelPublisher.LabelPublishingException("--label-output=node runs from"
                    + " nvidia-device-plugin-config-manager.jar (it holds the Kubernetes client): java -jar"
                    + " nvidia-device-plugin-config-manager.jar gpu-feature-discovery, with nvidia-device-plugin.jar"
                    + " in the same directory");
        }
        if (options.nodeName().isEmpty()) {
            throw new LabelPublisher.LabelPublishingException(
                    "invalid --node-name: must not be empty string (set NODE_NAME from the downward API)");
        }
        return new KubernetesNodeLabelPublisher(KubernetesClients.create(options.kubeconfig()), options.nodeName());
    }
}
