package io.nvdp.charts;

import static io.nvdp.charts.Chart.chart;
import static io.nvdp.charts.Rendered.env;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Option values reach the plugin as env vars only when they have the right type. */
class TypedValuesTest {

    @Test
    void everyOptionValueMapsToItsEnvVar() {
        Rendered rendered = chart().values("""
                migStrategy: single
                failOnInitError: false
                compatWithCPUManager: false
                deviceListStrategy: cdi-annotations
                deviceIDStrategy: index
                nvidiaDriverRoot: /run/nvidia/driver
                gdsEnabled: true
                mofedEnabled: false
                """).render();

        assertThat(env(rendered.pluginContainer())).containsExactly(
                Map.entry("MIG_STRATEGY", "single"),
                Map.entry("FAIL_ON_INIT_ERROR", "false"),
                Map.entry("PASS_DEVICE_SPECS", "false"),
                Map.entry("DEVICE_LIST_STRATEGY", "cdi-annotations"),
                Map.entry("DEVICE_ID_STRATEGY", "index"),
                Map.entry("NVIDIA_DRIVER_ROOT", "/run/nvidia/driver"),
                Map.entry("GDS_ENABLED", "true"),
                Map.entry("MOFED_ENABLED", "false"),
                Map.entry("NVIDIA_MIG_MONITOR_DEVICES", "all"));
    }

    @Test
    void booleanOptionsGivenAsStringsAreIgnored() {
        Rendered rendered = chart().values("""
                failOnInitError: "false"
                compatWithCPUManager: "true"
                gdsEnabled: "true"
                mofedEnabled: "true"
                """).render();

        assertThat(env(rendered.pluginContainer())).isEmpty();
        assertThat(rendered.pluginContainer().path("securityContext").path("privileged").asBoolean()).isTrue();
    }

    @Test
    void stringOptionsGivenAsOtherTypesAreIgnored() {
        Rendered rendered = chart().values("""
                deviceIDStrategy: 1
                nvidiaDriverRoot: true
                deviceListStrategy: [envvar]
                """).render();

        assertThat(env(rendered.pluginContainer())).isEmpty();
    }
}
