package io.nvdp.charts;

import static io.nvdp.charts.Chart.FULLNAME;
import static io.nvdp.charts.Chart.NAMESPACE;
import static io.nvdp.charts.Chart.chart;
import static io.nvdp.charts.Rendered.env;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two configurations given with --set-file and a default, as in upstream's user guide. */
class EmbeddedConfigMapTest {

    private static final String CONFIG0 = """
            version: v1
            flags:
              migStrategy: "none"
              failOnInitError: true
            """;
    private static final String CONFIG1 = """
            version: v1
            flags:
              migStrategy: "none"
            sharing:
              timeSlicing:
                resources:
                - name: nvidia.com/gpu
                  replicas: 4
            """;

    @TempDir
    static Path dir;
    static Path config0;
    static Path config1;

    @BeforeAll
    static void writeConfigs() throws IOException {
        config0 = Files.writeString(dir.resolve("config0.yaml"), CONFIG0);
        config1 = Files.writeString(dir.resolve("config1.yaml"), CONFIG1);
    }

    private static Chart twoConfigs() {
        return chart().set("config.default", "config0")
                .setFile("config.map.config0", config0)
                .setFile("config.map.config1", config1);
    }

    private final Rendered rendered = twoConfigs().render();

    @Test
    void configMapHoldsOneKeyPerConfiguration() {
        JsonNode cm = rendered.find("ConfigMap", FULLNAME + "-configs").orElseThrow();

        assertThat(cm.path("metadata").path("namespace").asText()).isEqualTo(NAMESPACE);
        assertThat(cm.path("data").properties()).extracting(Map.Entry::getKey).containsExactly("config0", "config1");
        assertThat(cm.path("data").path("config0").asText()).isEqualTo(CONFIG0.strip());
        assertThat(cm.path("data").path("config1").asText()).isEqualTo(CONFIG1.strip());
    }

    @Test
    void podMountsTheConfigMapAndAnEmptyDirForTheSelectedConfig() {
        JsonNode volumes = rendered.podSpec().path("volumes");

        assertThat(volumes).hasSize(3);
        assertThat(volumes.get(1).path("name").asText()).isEqualTo("available-configs");
        assertThat(volumes.get(1).path("configMap").path("name").asText()).isEqualTo(FULLNAME + "-configs");
        assertThat(volumes.get(2).path("name").asText()).isEqualTo("config");
        assertThat(volumes.get(2).has("emptyDir")).isTrue();
    }

    @Test
    void initContainerPicksTheConfigOnceWithoutSignalling() {
        JsonNode init = rendered.initContainer("nvidia-device-plugin-init");

        assertThat(Rendered.texts(init.path("command"))).containsExactly("config-manager");
        assertThat(env(init)).containsExactly(
                Map.entry("ONESHOT", "true"),
                Map.entry("KUBECONFIG", ""),
                Map.entry("NODE_NAME", "valueFrom:spec.nodeName"),
                Map.entry("NODE_LABEL", "nvidia.com/device-plugin.config"),
                Map.entry("CONFIG_FILE_SRCDIR", "/available-configs"),
                Map.entry("CONFIG_FILE_DST", "/config/config.yaml"),
                Map.entry("DEFAULT_CONFIG", "config0"),
                Map.entry("FALLBACK_STRATEGIES", "named,single"),
                Map.entry("SEND_SIGNAL", "false"),
                Map.entry("SIGNAL", ""),
                Map.entry("PROCESS_TO_SIGNAL", ""));
        assertThat(init.path("volumeMounts")).extracting(m -> m.path("mountPath").asText())
                .containsExactly("/available-configs", "/config");
    }

    @Test
    void sidecarFollowsTheNodeLabelAndLeavesReloadingToThePlugin() {
        JsonNode sidecar = rendered.container("nvidia-device-plugin-sidecar");

        assertThat(Rendered.texts(sidecar.path("command"))).containsExactly("config-manager");
        assertThat(env(sidecar)).containsExactly(
                Map.entry("ONESHOT", "false"),
                Map.entry("KUBECONFIG", ""),
                Map.entry("NODE_NAME", "valueFrom:spec.nodeName"),
                Map.entry("NODE_LABEL", "nvidia.com/device-plugin.config"),
                Map.entry("CONFIG_FILE_SRCDIR", "/available-configs"),
                Map.entry("CONFIG_FILE_DST", "/config/config.yaml"),
                Map.entry("DEFAULT_CONFIG", "config0"),
                Map.entry("FALLBACK_STRATEGIES", "named,single"),
                Map.entry("SEND_SIGNAL", "false"),
                Map.entry("SIGNAL", "1"),
                Map.entry("PROCESS_TO_SIGNAL", "nvidia-device-plugin"));
        assertThat(rendered.podSpec().has("shareProcessNamespace")).isFalse();
        assertThat(rendered.containerNames()).containsExactly("nvidia-device-plugin-sidecar", "nvidia-device-plugin-ctr");
    }

    @Test
    void sendSignalRestoresUpstreamSignallingAndSharesTheProcessNamespace() {
        Rendered signalling = twoConfigs().set("config.sendSignal", true).render();

        assertThat(env(signalling.container("nvidia-device-plugin-sidecar"))).containsEntry("SEND_SIGNAL", "true");
        assertThat(env(signalling.initContainer("nvidia-device-plugin-init"))).containsEntry("SEND_SIGNAL", "false");
        assertThat(signalling.podSpec().path("shareProcessNamespace").asBoolean()).isTrue();
    }

    @Test
    void configManagerContainersRunWithoutPrivileges() {
        for (JsonNode c : new JsonNode[] {
                rendered.initContainer("nvidia-device-plugin-init"), rendered.container("nvidia-device-plugin-sidecar")}) {
            assertThat(c.path("securityContext").path("allowPrivilegeEscalation").asBoolean(true)).isFalse();
            assertThat(Rendered.texts(c.path("securityContext").path("capabilities").path("drop"))).containsExactly("ALL");
        }
    }

    @Test
    void pluginReadsTheSelectedConfigFile() {
        JsonNode ctr = rendered.pluginContainer();

        assertThat(env(ctr)).containsEntry("CONFIG_FILE", "/config/config.yaml");
        assertThat(ctr.path("volumeMounts")).extracting(m -> m.path("mountPath").asText())
                .containsExactly("/var/lib/kubelet/device-plugins", "/available-configs", "/config");
    }

    @Test
    void configsThatAllUseMigStrategyNoneKeepTheRestrictedSecurityContext() {
        JsonNode ctr = rendered.pluginContainer();

        assertThat(Rendered.texts(ctr.path("securityContext").path("capabilities").path("drop"))).containsExactly("ALL");
        assertThat(env(ctr)).doesNotContainKey("NVIDIA_MIG_MONITOR_DEVICES");
    }

    @Test
    void serviceAccountMayReadNodes() {
        String sa = FULLNAME + "-service-account";
        JsonNode account = rendered.find("ServiceAccount", sa).orElseThrow();
        JsonNode role = rendered.find("ClusterRole", FULLNAME + "-role").orElseThrow();
        JsonNode binding = rendered.find("ClusterRoleBinding", FULLNAME + "-role-binding").orElseThrow();

        assertThat(account.path("metadata").path("namespace").asText()).isEqualTo(NAMESPACE);
        assertThat(rendered.podSpec().path("serviceAccountName").asText()).isEqualTo(sa);
        JsonNode rule = role.path("rules").get(0);
        assertThat(Rendered.texts(rule.path("apiGroups"))).containsExactly("");
        assertThat(Rendered.texts(rule.path("resources"))).containsExactly("nodes");
        assertThat(Rendered.texts(rule.path("verbs"))).containsExactly("get", "list", "watch");
        assertThat(binding.path("roleRef").path("kind").asText()).isEqualTo("ClusterRole");
        assertThat(binding.path("roleRef").path("name").asText()).isEqualTo(FULLNAME + "-role");
        assertThat(binding.path("subjects").get(0).path("kind").asText()).isEqualTo("ServiceAccount");
        assertThat(binding.path("subjects").get(0).path("name").asText()).isEqualTo(sa);
        assertThat(binding.path("subjects").get(0).path("namespace").asText()).isEqualTo(NAMESPACE);
    }

    @Test
    void checksumAnnotationRollsThePodsWhenTheMapChanges() throws IOException {
        String checksum = rendered.podAnnotations().path("checksum/config").asText();
        Path edited = Files.writeString(dir.resolve("config1-edited.yaml"), CONFIG1.replace("replicas: 4", "replicas: 8"));

        String again = twoConfigs().render().podAnnotations().path("checksum/config").asText();
        String afterEdit = twoConfigs().setFile("config.map.config1", edited).render()
                .podAnnotations().path("checksum/config").asText();

        assertThat(checksum).matches("[0-9a-f]{64}");
        assertThat(again).isEqualTo(checksum);
        assertThat(afterEdit).isNotEqualTo(checksum);
    }

    @Test
    void explicitChecksumAnnotationIsKept() {
        Rendered pinned = twoConfigs().set("podAnnotations.checksum/config", "pinned").render();

        assertThat(pinned.podAnnotations().path("checksum/config").asText()).isEqualTo("pinned");
    }

    @Test
    void configNamedDefaultNeedsNoExplicitDefault() {
        Rendered named = chart().setFile("config.map.default", config0).setFile("config.map.other", config1).render();

        assertThat(env(named.container("nvidia-device-plugin-sidecar"))).containsEntry("DEFAULT_CONFIG", "");
        assertThat(named.find("ConfigMap", FULLNAME + "-configs")).isPresent();
    }

    @Test
    void singleConfigNeedsNoDefault() {
        Rendered single = chart().setFile("config.map.only", config0).render();

        assertThat(single.find("ConfigMap", FULLNAME + "-configs")).isPresent();
    }

    @Test
    void emptyFallbackStandsInForADefault() {
        Rendered empty = chart().values("""
                config:
                  fallbackStrategies: [empty]
                """).setFile("config.map.a", config0).setFile("config.map.b", config1).render();

        assertThat(env(empty.initContainer("nvidia-device-plugin-init"))).containsEntry("FALLBACK_STRATEGIES", "empty");
    }
}
