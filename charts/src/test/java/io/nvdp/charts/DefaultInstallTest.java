package io.nvdp.charts;

import static io.nvdp.charts.Chart.chart;
import static io.nvdp.charts.Rendered.env;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** `helm template nvdp . -n nvidia-device-plugin` with no values. */
class DefaultInstallTest {

    private final Rendered rendered = chart().render();

    @Test
    void rendersOnlyTheDaemonSet() {
        assertThat(rendered.documents()).extracting(d -> d.path("kind").asText()).containsExactly("DaemonSet");
    }

    @Test
    void daemonSetIsNamedAfterReleaseAndChartInTheReleaseNamespace() {
        JsonNode ds = rendered.daemonSet();

        assertThat(ds.path("apiVersion").asText()).isEqualTo("apps/v1");
        assertThat(ds.path("metadata").path("name").asText()).isEqualTo(Chart.FULLNAME);
        assertThat(ds.path("metadata").path("namespace").asText()).isEqualTo(Chart.NAMESPACE);
        assertThat(ds.path("spec").path("updateStrategy").path("type").asText()).isEqualTo("RollingUpdate");
    }

    @Test
    void selectorMatchesThePodLabels() {
        JsonNode spec = rendered.daemonSet().path("spec");
        JsonNode selector = spec.path("selector").path("matchLabels");

        assertThat(selector.path("app.kubernetes.io/name").asText()).isEqualTo("nvidia-device-plugin");
        assertThat(selector.path("app.kubernetes.io/instance").asText()).isEqualTo(Chart.RELEASE);
        assertThat(spec.path("template").path("metadata").path("labels")).isEqualTo(selector);
    }

    @Test
    void onlyThePluginContainerRunsWithoutAConfigMap() {
        assertThat(rendered.containerNames()).containsExactly("nvidia-device-plugin-ctr");
        assertThat(rendered.podSpec().has("initContainers")).isFalse();
        assertThat(rendered.podSpec().has("serviceAccountName")).isFalse();
        assertThat(rendered.podSpec().has("shareProcessNamespace")).isFalse();
    }

    @Test
    void imageDefaultsToOurRepositoryTaggedWithTheAppVersion() {
        JsonNode ctr = rendered.pluginContainer();

        assertThat(ctr.path("image").asText()).isEqualTo("registry.example.com/nvdp-java/k8s-device-plugin:v0.14.1");
        assertThat(ctr.path("imagePullPolicy").asText()).isEqualTo("IfNotPresent");
    }

    @Test
    void mountsTheKubeletDevicePluginDirectoryFromTheHost() {
        JsonNode volume = rendered.podSpec().path("volumes").get(0);
        JsonNode mount = rendered.pluginContainer().path("volumeMounts").get(0);

        assertThat(volume.path("name").asText()).isEqualTo("device-plugin");
        assertThat(volume.path("hostPath").path("path").asText()).isEqualTo("/var/lib/kubelet/device-plugins");
        assertThat(mount.path("name").asText()).isEqualTo("device-plugin");
        assertThat(mount.path("mountPath").asText()).isEqualTo("/var/lib/kubelet/device-plugins");
    }

    @Test
    void podIsNodeCriticalAndToleratesGpuAndCriticalAddonTaints() {
        JsonNode pod = rendered.podSpec();

        assertThat(pod.path("priorityClassName").asText()).isEqualTo("system-node-critical");
        assertThat(pod.has("runtimeClassName")).isFalse();
        assertThat(pod.path("tolerations")).hasSize(2);
        assertThat(pod.path("tolerations").get(0).path("key").asText()).isEqualTo("CriticalAddonsOnly");
        assertThat(pod.path("tolerations").get(0).path("operator").asText()).isEqualTo("Exists");
        assertThat(pod.path("tolerations").get(1).path("key").asText()).isEqualTo("nvidia.com/gpu");
        assertThat(pod.path("tolerations").get(1).path("operator").asText()).isEqualTo("Exists");
        assertThat(pod.path("tolerations").get(1).path("effect").asText()).isEqualTo("NoSchedule");
    }

    @Test
    void pluginDropsAllCapabilitiesAndCannotEscalate() {
        JsonNode sc = rendered.pluginContainer().path("securityContext");

        assertThat(sc.has("privileged")).isFalse();
        assertThat(sc.path("allowPrivilegeEscalation").asBoolean(true)).isFalse();
        assertThat(Rendered.texts(sc.path("capabilities").path("drop"))).containsExactly("ALL");
        assertThat(sc.path("capabilities").has("add")).isFalse();
    }

    @Test
    void passesNoOptionsSoTheConfigFileAndDefaultsDecide() {
        assertThat(env(rendered.pluginContainer())).isEmpty();
    }

    @Test
    void requestsAndLimitsFitTheJvmDaemon() {
        JsonNode resources = rendered.pluginContainer().path("resources");

        assertThat(resources.path("requests").path("cpu").asText()).isEqualTo("10m");
        assertThat(resources.path("requests").path("memory").asText()).isEqualTo("80Mi");
        assertThat(resources.path("limits").path("memory").asText()).isEqualTo("160Mi");
        assertThat(resources.path("limits").has("cpu")).as("no CPU limit: throttling would delay Allocate").isFalse();
    }

    @Test
    void livenessProbeChecksForAPluginSocketWithoutMetrics() {
        JsonNode probe = rendered.pluginContainer().path("livenessProbe");

        assertThat(probe.has("httpGet")).isFalse();
        assertThat(Rendered.texts(probe.path("exec").path("command")))
                .startsWith("sh", "-c")
                .anyMatch(c -> c.contains("/var/lib/kubelet/device-plugins/nvidia-*.sock"));
        assertThat(rendered.pluginContainer().has("ports")).isFalse();
        assertThat(rendered.podAnnotations().isMissingNode()).isTrue();
    }
}
