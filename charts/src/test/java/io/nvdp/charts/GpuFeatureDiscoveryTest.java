package io.nvdp.charts;

import static io.nvdp.charts.Chart.chart;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/** gfd.enabled=true: the GFD DaemonSet of our image, with the feature-file output or direct node labels. */
class GpuFeatureDiscoveryTest {
    private static final String GFD = Chart.FULLNAME + "-gpu-feature-discovery";

    private static JsonNode gfdDaemonSet(Rendered rendered) {
        return rendered.find("DaemonSet", GFD).orElseThrow(() -> new AssertionError("no GFD DaemonSet in:\n" + rendered.yaml()));
    }

    private static JsonNode podSpec(Rendered rendered) {
        return gfdDaemonSet(rendered).path("spec").path("template").path("spec");
    }

    private static JsonNode container(Rendered rendered, String name) {
        return StreamSupport.stream(podSpec(rendered).path("containers").spliterator(), false)
                .filter(c -> name.equals(c.path("name").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no container " + name));
    }

    private static List<String> names(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(n -> n.path("name").asText()).toList();
    }

    @Test
    void gfdIsNotDeployedByDefault() {
        Rendered rendered = chart().render();
        assertThat(rendered.ofKind("DaemonSet")).hasSize(1);
    }

    @Test
    void theDefaultOutputIsTheNfdFeatureFileWithoutRbac() {
        Rendered rendered = chart().set("gfd.enabled", true).render();

        assertThat(rendered.ofKind("DaemonSet")).hasSize(2);
        JsonNode ds = gfdDaemonSet(rendered);
        assertThat(ds.path("spec").path("selector").path("matchLabels").path("app.kubernetes.io/name").asText())
                .isEqualTo("gpu-feature-discovery");
        JsonNode ctr = container(rendered, "gpu-feature-discovery-ctr");
        assertThat(Rendered.texts(ctr.path("command"))).containsExactly("gpu-feature-discovery");
        JsonNode plugin = rendered.find("DaemonSet", Chart.FULLNAME).orElseThrow();
        assertThat(ctr.path("image").asText()).isEqualTo(plugin.path("spec").path("template").path("spec")
                .path("containers").get(0).path("image").asText());
        assertThat(Rendered.env(ctr)).containsEntry("GFD_OUTPUT_FILE", "/etc/kubernetes/node-feature-discovery/features.d/gfd")
                .doesNotContainKeys("GFD_LABEL_OUTPUT", "NODE_NAME");
        assertThat(names(podSpec(rendered).path("volumes"))).contains("output-dir", "host-sys");
        assertThat(podSpec(rendered).path("serviceAccountName").isMissingNode()).isTrue();
        assertThat(rendered.find("ClusterRole", GFD)).isEmpty();
        assertThat(rendered.find("ServiceAccount", GFD)).isEmpty();
    }

    @Test
    void directNodeLabelsGetTheirServiceAccountAndAClusterRoleOfNodesGetAndPatch() {
        Rendered rendered = chart().set("gfd.enabled", true).set("gfd.output", "node").render();

        JsonNode ctr = container(rendered, "gpu-feature-discovery-ctr");
        assertThat(Rendered.env(ctr)).containsEntry("GFD_LABEL_OUTPUT", "node")
                .containsEntry("NODE_NAME", "valueFrom:spec.nodeName")
                .doesNotContainKey("GFD_OUTPUT_FILE");
        assertThat(names(podSpec(rendered).path("volumes"))).doesNotContain("output-dir");
        assertThat(podSpec(rendered).path("serviceAccountName").asText()).isEqualTo(GFD);
        JsonNode role = rendered.find("ClusterRole", GFD).orElseThrow();
        assertThat(role.path("rules")).hasSize(1);
        assertThat(Rendered.texts(role.path("rules").get(0).path("resources"))).containsExactly("nodes");
        assertThat(Rendered.texts(role.path("rules").get(0).path("verbs"))).containsExactly("get", "patch");
        JsonNode binding = rendered.find("ClusterRoleBinding", GFD).orElseThrow();
        assertThat(binding.path("subjects").get(0).path("name").asText()).isEqualTo(GFD);
        assertThat(binding.path("roleRef").path("name").asText()).isEqualTo(GFD);
        assertThat(rendered.find("ServiceAccount", GFD)).isPresent();
    }

    @Test
    void withAConfigMapTheLabellerSharesTheConfigAndItsConfigManagerSignalsIt() {
        Rendered rendered = chart().set("gfd.enabled", true).set("config.map.default", "version: v1")
                .set("config.map.shared", "version: v1\nsharing:\n  timeSlicing:\n    resources:\n    - name: nvidia.com/gpu\n      replicas: 2\n")
                .render();

        JsonNode spec = podSpec(rendered);
        assertThat(spec.path("shareProcessNamespace").asBoolean()).isTrue();
        assertThat(names(spec.path("initContainers"))).containsExactly("gpu-feature-discovery-init");
        assertThat(names(spec.path("containers"))).containsExactly("gpu-feature-discovery-sidecar", "gpu-feature-discovery-ctr");
        assertThat(Rendered.env(container(rendered, "gpu-feature-discovery-sidecar")))
                .containsEntry("SEND_SIGNAL", "true").containsEntry("SIGNAL", "1")
                .containsEntry("PROCESS_TO_SIGNAL", "gpu-feature-discovery")
                .containsEntry("NODE_LABEL", "nvidia.com/device-plugin.config");
        assertThat(Rendered.env(container(rendered, "gpu-feature-discovery-ctr")))
                .containsEntry("GFD_CONFIG_FILE", "/config/config.yaml");
        JsonNode configVolume = StreamSupport.stream(spec.path("volumes").spliterator(), false)
                .filter(v -> v.path("name").asText().equals("available-configs")).findFirst().orElseThrow();
        assertThat(configVolume.path("configMap").path("name").asText()).isEqualTo(Chart.FULLNAME + "-configs");
        // The plugin's service account (nodes get/list/watch) serves the config-manager.
        assertThat(spec.path("serviceAccountName").asText()).isEqualTo(Chart.FULLNAME + "-service-account");
    }

    @Test
    void directLabelsWithAConfigMapAlsoLetConfigManagerWatchNodes() {
        Rendered rendered = chart().set("gfd.enabled", true).set("gfd.output", "node")
                .set("config.map.default", "version: v1").render();
        JsonNode role = rendered.find("ClusterRole", GFD).orElseThrow();
        assertThat(role.path("rules")).hasSize(2);
        assertThat(Rendered.texts(role.path("rules").get(1).path("verbs"))).containsExactly("list", "watch");
    }

    @Test
    void sharedValuesReachTheLabeller() {
        Rendered rendered = chart().set("gfd.enabled", true).set("migStrategy", "mixed").set("failOnInitError", false)
                .set("gfd.sleepInterval", "30s").set("gfd.noTimestamp", true).render();
        assertThat(Rendered.env(container(rendered, "gpu-feature-discovery-ctr")))
                .containsEntry("GFD_MIG_STRATEGY", "mixed").containsEntry("GFD_FAIL_ON_INIT_ERROR", "false")
                .containsEntry("GFD_SLEEP_INTERVAL", "30s").containsEntry("GFD_NO_TIMESTAMP", "true");
    }

    @Test
    void upstreamsGfdNameOverrideNamesItsPods() {
        Rendered rendered = chart().set("gfd.enabled", true).set("gfd.nameOverride", "gfd").render();
        assertThat(gfdDaemonSet(rendered).path("spec").path("template").path("metadata").path("labels")
                .path("app.kubernetes.io/name").asText()).isEqualTo("gfd");
    }
}
