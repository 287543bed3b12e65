package io.nvdp.charts;

import static io.nvdp.charts.Chart.chart;
import static io.nvdp.charts.Rendered.env;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** Least privilege for the plugin container (upstream v0.16+ behaviour, see README). */
class SecurityContextTest {

    private static JsonNode securityContext(Rendered rendered) {
        return rendered.pluginContainer().path("securityContext");
    }

    private static void assertRestricted(Rendered rendered) {
        JsonNode sc = securityContext(rendered);
        assertThat(sc.has("privileged")).isFalse();
        assertThat(sc.path("allowPrivilegeEscalation").asBoolean(true)).isFalse();
        assertThat(Rendered.texts(sc.path("capabilities").path("drop"))).containsExactly("ALL");
        assertThat(sc.path("capabilities").has("add")).isFalse();
    }

    private static void assertSysAdminOnly(Rendered rendered) {
        JsonNode sc = securityContext(rendered);
        assertThat(sc.has("privileged")).isFalse();
        assertThat(Rendered.texts(sc.path("capabilities").path("add"))).containsExactly("SYS_ADMIN");
    }

    @Test
    void compatWithCpuManagerRunsPrivilegedAndPassesDeviceSpecs() {
        Rendered rendered = chart().set("compatWithCPUManager", true).render();

        assertThat(securityContext(rendered).path("privileged").asBoolean()).isTrue();
        assertThat(env(rendered.pluginContainer())).containsEntry("PASS_DEVICE_SPECS", "true");
    }

    @Test
    void compatWithCpuManagerFalsePassesFalseAndStaysRestricted() {
        Rendered rendered = chart().set("compatWithCPUManager", false).render();

        assertRestricted(rendered);
        assertThat(env(rendered.pluginContainer())).containsEntry("PASS_DEVICE_SPECS", "false");
    }

    @Test
    void mixedMigStrategyAddsSysAdminAndMigMonitoring() {
        Rendered rendered = chart().set("migStrategy", "mixed").render();

        assertSysAdminOnly(rendered);
        assertThat(env(rendered.pluginContainer()))
                .containsEntry("MIG_STRATEGY", "mixed")
                .containsEntry("NVIDIA_MIG_MONITOR_DEVICES", "all");
    }

    @Test
    void singleMigStrategyAddsSysAdmin() {
        assertSysAdminOnly(chart().set("migStrategy", "single").render());
    }

    @Test
    void explicitMigStrategyNoneStaysRestricted() {
        Rendered rendered = chart().set("migStrategy", "none").render();

        assertRestricted(rendered);
        assertThat(env(rendered.pluginContainer()))
                .containsEntry("MIG_STRATEGY", "none")
                .doesNotContainKey("NVIDIA_MIG_MONITOR_DEVICES");
    }

    @Test
    void volumeMountsDeviceListStrategyAddsSysAdmin() {
        Rendered rendered = chart().values("deviceListStrategy: envvar,volume-mounts\n").render();

        assertSysAdminOnly(rendered);
        assertThat(env(rendered.pluginContainer())).containsEntry("DEVICE_LIST_STRATEGY", "envvar,volume-mounts")
                .doesNotContainKey("NVIDIA_MIG_MONITOR_DEVICES");
    }

    @Test
    void volumeMountsInAListValueAddsSysAdmin() {
        assertSysAdminOnly(chart().values("deviceListStrategy: [envvar, volume-mounts]\n").render());
    }

    @Test
    void envvarDeviceListStrategyStaysRestricted() {
        assertRestricted(chart().set("deviceListStrategy", "envvar").render());
    }

    @Test
    void compatWithCpuManagerWinsOverMig() {
        Rendered rendered = chart().set("compatWithCPUManager", true).set("migStrategy", "mixed").render();

        assertThat(securityContext(rendered).path("privileged").asBoolean()).isTrue();
        assertThat(env(rendered.pluginContainer())).containsEntry("NVIDIA_MIG_MONITOR_DEVICES", "all");
    }

    @Test
    void explicitSecurityContextWinsOverEverything() {
        Rendered rendered = chart().set("compatWithCPUManager", true).set("securityContext.runAsUser", 0).render();

        assertThat(securityContext(rendered).path("runAsUser").asInt(-1)).isZero();
        assertThat(securityContext(rendered).has("privileged")).isFalse();
    }

    @Test
    void embeddedConfigWithMixedMigStrategyAddsSysAdmin() {
        Rendered rendered = chart().values("""
                config:
                  default: plain
                  map:
                    plain: |-
                      version: v1
                    mig: |-
                      version: v1
                      flags:
                        migStrategy: mixed
                """).render();

        assertSysAdminOnly(rendered);
        assertThat(env(rendered.pluginContainer())).containsEntry("NVIDIA_MIG_MONITOR_DEVICES", "all");
    }

    @Test
    void embeddedConfigWithVolumeMountsListAddsSysAdminWithoutMigMonitoring() {
        Rendered rendered = chart().values("""
                config:
                  map:
                    default: |-
                      version: v1
                      flags:
                        plugin:
                          deviceListStrategy: [envvar, volume-mounts]
                """).render();

        assertSysAdminOnly(rendered);
        assertThat(env(rendered.pluginContainer())).doesNotContainKey("NVIDIA_MIG_MONITOR_DEVICES");
    }

    @Test
    void migStrategyValueOverridesEmbeddedConfigs() {
        Rendered rendered = chart().set("migStrategy", "none").values("""
                config:
                  map:
                    default: |-
                      version: v1
                      flags:
                        migStrategy: mixed
                """).render();

        assertRestricted(rendered);
    }
}
