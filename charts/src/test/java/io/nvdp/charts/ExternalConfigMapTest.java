package io.nvdp.charts;

import static io.nvdp.charts.Chart.FULLNAME;
import static io.nvdp.charts.Chart.chart;
import static io.nvdp.charts.Rendered.env;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** config.name: the operator manages the ConfigMap. */
class ExternalConfigMapTest {

    private final Rendered rendered = chart().set("config.name", "nvidia-plugin-configs").set("config.default", "config0").render();

    @Test
    void usesTheNamedConfigMapAndCreatesNone() {
        JsonNode volume = rendered.podSpec().path("volumes").get(1);

        assertThat(rendered.ofKind("ConfigMap")).isEmpty();
        assertThat(volume.path("configMap").path("name").asText()).isEqualTo("nvidia-plugin-configs");
        assertThat(rendered.podAnnotations().has("checksum/config")).isFalse();
    }

    @Test
    void stillRunsTheConfigManagerWithRbac() {
        assertThat(rendered.find("ServiceAccount", FULLNAME + "-service-account")).isPresent();
        assertThat(rendered.find("ClusterRole", FULLNAME + "-role")).isPresent();
        assertThat(rendered.find("ClusterRoleBinding", FULLNAME + "-role-binding")).isPresent();
        assertThat(env(rendered.initContainer("nvidia-device-plugin-init"))).containsEntry("DEFAULT_CONFIG", "config0");
        assertThat(env(rendered.pluginContainer())).containsEntry("CONFIG_FILE", "/config/config.yaml");
    }

    @Test
    void unknownConfigsMayUseMigSoThePluginGetsSysAdmin() {
        JsonNode ctr = rendered.pluginContainer();

        assertThat(Rendered.texts(ctr.path("securityContext").path("capabilities").path("add"))).containsExactly("SYS_ADMIN");
        assertThat(env(ctr)).containsEntry("NVIDIA_MIG_MONITOR_DEVICES", "all");
    }
}
