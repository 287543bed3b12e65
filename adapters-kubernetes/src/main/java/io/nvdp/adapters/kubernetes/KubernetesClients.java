package io.nvdp.adapters.kubernetes;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.nvdp.domain.port.LabelPublisher.LabelPublishingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A Kubernetes client from a kubeconfig file, or in-cluster (service account) when none is given. */
public final class KubernetesClients {
    private KubernetesClients() {
    }

    /** @throws LabelPublishingException one line when the kubeconfig cannot be read */
    public static KubernetesClient create(String kubeconfig) {
        Config config;
        if (kubeconfig.isEmpty()) {
            config = Config.autoConfigure(null);
        } else {
            Path file = Path.of(kubeconfig);
            try {
                config = Config.fromKubeconfig(null, Files.readString(file), file.toAbsolutePath().toString());
            } catch (java.nio.file.NoSuchFileException e) {
                throw new LabelPublishingException("cannot read kubeconfig '" + kubeconfig + "': no such file", e);
            } catch (IOException | KubernetesClientException e) {
                throw new LabelPublishingException("cannot read kubeconfig '" + kubeconfig + "': " + e.getMessage(), e);
            }
        }
        return new KubernetesClientBuilder().withConfig(config).build();
    }
}
