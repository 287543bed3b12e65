package io.nvdp.adapters.config.manager;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The subcommand end to end, as the chart's init container runs it, against the mock API server. */
@EnableKubernetesMockClient(crud = true)
class ConfigManagerCommandTest {

    KubernetesClient client;

    @TempDir
    Path tmp;
    Path src;
    Path dst;
    Path kubeconfig;
    Map<String, String> env;

    @BeforeEach
    void setUp() throws Exception {
        src = Files.createDirectory(tmp.resolve("available-configs"));
        Files.writeString(src.resolve("default"), "DEFAULT");
        Files.writeString(src.resolve("mig"), "MIG");
        dst = Files.createDirectory(tmp.resolve("config")).resolve("config.yaml");
        kubeconfig = tmp.resolve("kubeconfig");
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: mock
                  cluster:
                    server: %s
                    insecure-skip-tls-verify: true
                contexts:
                - name: mock
                  context:
                    cluster: mock
                    user: mock
                current-context: mock
                users:
                - name: mock
                  user:
                    token: not-checked
                """.formatted(client.getMasterUrl()));
        // the chart's init container environment
        env = new HashMap<>(Map.of(
                "ONESHOT", "true", "SEND_SIGNAL", "false", "NODE_NAME", "node-1",
                "NODE_LABEL", "nvidia.com/device-plugin.config", "CONFIG_FILE_SRCDIR", src.toString(),
                "CONFIG_FILE_DST", dst.toString(), "DEFAULT_CONFIG", "", "FALLBACK_STRATEGIES", "named,single"));
        env.put("KUBECONFIG", kubeconfig.toString());
    }

    private void createNode(String labelValue) {
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName("node-1")
                .addToLabels("nvidia.com/device-plugin.config", labelValue).endMetadata().build()).create();
    }

    @Test
    void initContainerRunLinksTheLabelledConfigAndExitsZero() throws Exception {
        createNode("mig");

        assertThat(ConfigManagerCommand.run(List.of(), env)).isZero();

        assertThat(Files.readString(dst)).isEqualTo("MIG");
    }

    @Test
    void flagOverridesTheEnvironment() throws Exception {
        createNode("mig");

        assertThat(ConfigManagerCommand.run(List.of("--node-label=other/label"), env)).isZero();

        assertThat(Files.readString(dst)).isEqualTo("DEFAULT");
    }

    @Test
    void unknownConfigInTheLabelExitsOne() {
        createNode("nope");

        assertThat(ConfigManagerCommand.run(List.of(), env)).isEqualTo(1);

        assertThat(Files.exists(dst)).isFalse();
    }

    @Test
    void missingRequiredSettingExitsOne() {
        env.remove("NODE_NAME");

        assertThat(ConfigManagerCommand.run(List.of(), env)).isEqualTo(1);
    }

    @Test
    void unreadableKubeconfigExitsOne() {
        assertThat(ConfigManagerCommand.run(List.of("--kubeconfig", tmp.resolve("missing").toString()), env))
                .isEqualTo(1);
    }

    @Test
    void helpExitsZero() {
        assertThat(ConfigManagerCommand.run(List.of("--help"), Map.of())).isZero();
    }
}
