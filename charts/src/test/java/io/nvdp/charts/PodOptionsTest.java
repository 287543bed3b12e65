package io.nvdp.charts;

import static io.nvdp.charts.Chart.chart;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** Values that shape the pod rather than the plugin's options. */
class PodOptionsTest {

    @Test
    void runtimeClassNameIsSetWhenGiven() {
        assertThat(chart().set("runtimeClassName", "nvidia").render().podSpec().path("runtimeClassName").asText())
                .isEqualTo("nvidia");
    }

    @Test
    void imageRepositoryAndTagCanPointAtTheNvdpJavaImage() {
        JsonNode ctr = chart().set("image.repository", "ghcr.io/nvdp-java/k8s-device-plugin").set("image.tag", "dev")
                .set("image.pullPolicy", "Always").render().pluginContainer();

        assertThat(ctr.path("image").asText()).isEqualTo("ghcr.io/nvdp-java/k8s-device-plugin:dev");
        assertThat(ctr.path("imagePullPolicy").asText()).isEqualTo("Always");
    }

    @Test
    void explicitResourcesReplaceTheDefaults() {
        JsonNode resources = chart().set("resources.requests.cpu", "100m").set("resources.limits.memory", "512Mi")
                .render().pluginContainer().path("resources");

        assertThat(resources.path("requests").path("cpu").asText()).isEqualTo("100m");
        assertThat(resources.path("requests").has("memory")).isFalse();
        assertThat(resources.path("limits").path("memory").asText()).isEqualTo("512Mi");
    }

    @Test
    void nullDefaultResourcesRunsUnboundedLikeUpstream() {
        assertThat(chart().set("defaultResources", "null").render().pluginContainer().has("resources")).isFalse();
    }

    @Test
    void legacyDaemonSetApiHasNoSelector() {
        JsonNode ds = chart().set("legacyDaemonsetAPI", true).render().daemonSet();

        assertThat(ds.path("apiVersion").asText()).isEqualTo("extensions/v1beta1");
        assertThat(ds.path("spec").has("selector")).isFalse();
    }

    @Test
    void selectorLabelsOverrideReplacesTheSelectorAndLabelsThePods() {
        JsonNode spec = chart().set("selectorLabelsOverride.name", "nvidia-device-plugin-ds").render().daemonSet().path("spec");

        assertThat(spec.path("selector").path("matchLabels").properties()).hasSize(1);
        assertThat(spec.path("selector").path("matchLabels").path("name").asText()).isEqualTo("nvidia-device-plugin-ds");
        assertThat(spec.path("template").path("metadata").path("labels").path("name").asText()).isEqualTo("nvidia-device-plugin-ds");
    }

    @Test
    void fullnameOverrideNamesTheDaemonSet() {
        assertThat(chart().set("fullnameOverride", "nvdp").render().daemonSet().path("metadata").path("name").asText())
                .isEqualTo("nvdp");
    }

    @Test
    void schedulingValuesReachThePod() {
        JsonNode pod = chart().set("nodeSelector.nvidia\\.com/gpu\\.present", "true")
                .set("priorityClassName", "")
                .set("imagePullSecrets[0].name", "regcred")
                .set("podSecurityContext.runAsNonRoot", false)
                .render().podSpec();

        assertThat(pod.path("nodeSelector").path("nvidia.com/gpu.present").asText()).isEqualTo("true");
        assertThat(pod.has("priorityClassName")).isFalse();
        assertThat(pod.path("imagePullSecrets").get(0).path("name").asText()).isEqualTo("regcred");
        assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean(true)).isFalse();
    }

    @Test
    void podAnnotationsAreCopied() {
        assertThat(chart().set("podAnnotations.team", "gpu").render().podAnnotations().path("team").asText()).isEqualTo("gpu");
    }
}
