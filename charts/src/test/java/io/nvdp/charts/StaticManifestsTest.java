package io.nvdp.charts;

import static io.nvdp.charts.Chart.chart;
import static io.nvdp.charts.Rendered.env;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** deployments/static: the quick-start manifests, kept in line with the chart's defaults. */
class StaticManifestsTest {

    private static final Path STATIC = Path.of("..", "deployments", "static");

    private static Rendered manifest(String file) throws IOException {
        return Rendered.parse(Files.readString(STATIC.resolve(file)));
    }

    private static void assertQuickStartShape(Rendered rendered) {
        JsonNode ds = rendered.daemonSet();
        assertThat(rendered.documents()).hasSize(1);
        assertThat(ds.path("apiVersion").asText()).isEqualTo("apps/v1");
        assertThat(ds.path("metadata").path("namespace").asText()).isEqualTo("kube-system");
        assertThat(ds.path("spec").path("selector").path("matchLabels"))
                .isEqualTo(ds.path("spec").path("template").path("metadata").path("labels"));
        assertThat(rendered.containerNames()).containsExactly("nvidia-device-plugin-ctr");
        assertThat(rendered.podSpec().path("priorityClassName").asText()).isEqualTo("system-node-critical");
        assertThat(rendered.podSpec().path("volumes").get(0).path("hostPath").path("path").asText())
                .isEqualTo("/var/lib/kubelet/device-plugins");
        assertThat(env(rendered.pluginContainer())).containsEntry("FAIL_ON_INIT_ERROR", "false");
    }

    @Test
    void quickStartDaemonSetDropsAllCapabilities() throws IOException {
        Rendered rendered = manifest("nvidia-device-plugin.yml");
        JsonNode sc = rendered.pluginContainer().path("securityContext");

        assertQuickStartShape(rendered);
        assertThat(sc.has("privileged")).isFalse();
        assertThat(sc.path("allowPrivilegeEscalation").asBoolean(true)).isFalse();
        assertThat(Rendered.texts(sc.path("capabilities").path("drop"))).containsExactly("ALL");
        assertThat(env(rendered.pluginContainer())).doesNotContainKey("PASS_DEVICE_SPECS");
    }

    @Test
    void cpuManagerDaemonSetIsPrivilegedAndPassesDeviceSpecs() throws IOException {
        Rendered rendered = manifest("nvidia-device-plugin-compat-with-cpumanager.yml");

        assertQuickStartShape(rendered);
        assertThat(rendered.pluginContainer().path("securityContext").path("privileged").asBoolean()).isTrue();
        assertThat(env(rendered.pluginContainer())).containsEntry("PASS_DEVICE_SPECS", "true");
    }

    @Test
    void staticManifestsUseTheChartsDefaultProbeAndResources() throws IOException {
        JsonNode chartDefault = chart().render().pluginContainer();

        for (String file : new String[] {"nvidia-device-plugin.yml", "nvidia-device-plugin-compat-with-cpumanager.yml"}) {
            JsonNode ctr = manifest(file).pluginContainer();
            assertThat(ctr.path("livenessProbe")).as(file).isEqualTo(chartDefault.path("livenessProbe"));
            assertThat(ctr.path("resources")).as(file).isEqualTo(chartDefault.path("resources"));
            assertThat(ctr.path("image").asText()).as(file).isEqualTo(chartDefault.path("image").asText());
        }
    }
}
