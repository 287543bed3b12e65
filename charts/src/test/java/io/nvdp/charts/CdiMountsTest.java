package io.nvdp.charts;

import static io.nvdp.charts.Chart.chart;
import static io.nvdp.charts.Rendered.env;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CdiMountsTest {

    private static List<String> mounts(Rendered r) {
        List<String> out = new ArrayList<>();
        for (JsonNode m : r.pluginContainer().path("volumeMounts")) {
            out.add(m.path("name").asText() + ":" + m.path("mountPath").asText()
                    + (m.path("readOnly").asBoolean() ? ":ro" : ""));
        }
        return out;
    }

    private static JsonNode volume(Rendered r, String name) {
        for (JsonNode v : r.podSpec().path("volumes")) {
            if (v.path("name").asText().equals(name)) {
                return v;
            }
        }
        throw new AssertionError("no volume " + name);
    }

    @Test
    void aCdiStrategyMountsTheSpecDirectoryAndTheDriverRootReadOnly() {
        Rendered r = chart().set("deviceListStrategy", "envvar,cdi-annotations")
                .set("nvidiaDriverRoot", "/run/nvidia/driver").render();
        assertThat(mounts(r)).contains("cdi-specs:/var/run/cdi", "driver-root:/driver-root:ro");
        assertThat(volume(r, "cdi-specs").path("hostPath").path("path").asText()).isEqualTo("/var/run/cdi");
        assertThat(volume(r, "driver-root").path("hostPath").path("path").asText()).isEqualTo("/run/nvidia/driver");
        assertThat(env(r.pluginContainer())).containsEntry("DEVICE_LIST_STRATEGY", "envvar,cdi-annotations")
                .containsEntry("NVIDIA_DRIVER_ROOT", "/run/nvidia/driver");
    }

    @Test
    void theDriverRootDefaultsToTheHostsRootAndTheSpecDirCanMove() {
        Rendered r = chart().values("""
                deviceListStrategy: [cdi-cri]
                cdi:
                  specDir: /etc/cdi
                  nvidiaCTKPath: /usr/local/nvidia/toolkit/nvidia-ctk
                """).render();
        assertThat(volume(r, "driver-root").path("hostPath").path("path").asText()).isEqualTo("/");
        assertThat(volume(r, "cdi-specs").path("hostPath").path("path").asText()).isEqualTo("/etc/cdi");
        assertThat(mounts(r)).contains("cdi-specs:/var/run/cdi");
        assertThat(env(r.pluginContainer())).containsEntry("NVIDIA_CTK_PATH", "/usr/local/nvidia/toolkit/nvidia-ctk");
    }

    @Test
    void anEmbeddedConfigWithACdiStrategyMountsThemToo() {
        Rendered r = chart().values("""
                config:
                  map:
                    default: |-
                      version: v1
                    cdi: |-
                      version: v1
                      flags:
                        plugin:
                          deviceListStrategy: [envvar, cdi-annotations]
                """).render();
        assertThat(mounts(r)).contains("cdi-specs:/var/run/cdi", "driver-root:/driver-root:ro");
    }

    @Test
    void withoutACdiStrategyNothingIsMountedAndNoHookPathIsSet() {
        for (Rendered r : List.of(chart().render(), chart().set("deviceListStrategy", "volume-mounts").render(),
                chart().values("""
                        config:
                          map:
                            default: |-
                              version: v1
                              flags:
                                plugin:
                                  deviceListStrategy: envvar
                        """).render())) {
            assertThat(mounts(r)).noneMatch(m -> m.startsWith("cdi-specs") || m.startsWith("driver-root"));
            assertThat(env(r.pluginContainer())).doesNotContainKey("NVIDIA_CTK_PATH");
        }
    }
}
