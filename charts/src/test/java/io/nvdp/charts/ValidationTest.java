package io.nvdp.charts;

import static io.nvdp.charts.Chart.chart;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Render-time failures carry upstream's messages. */
class ValidationTest {

    @Test
    void namespaceValueIsRefused() {
        assertThatThrownBy(() -> chart().set("namespace", "gpu").render())
                .hasMessageContaining("""
                        Value 'namespace' set to gpu
                        Setting an explicit 'namespace' in values.yaml or via --set on the command line is no longer supported.
                        Use --namespace (with --create-namespace as necessary) instead.
                        See: https://helm.sh/docs/helm/helm_install/#options""");
    }

    @Test
    void defaultNamespaceIsRefusedUnlessAllowed() {
        assertThatThrownBy(() -> chart().namespace("default").render())
                .hasMessageContaining("""
                        Running in the 'default' namespace is not recommended.
                        Set 'allowDefaultNamespace=true' to bypass this error.
                        Otherwise, use --namespace (with --create-namespace as necessary) to run in a specific namespace.
                        See: https://helm.sh/docs/helm/helm_install/#options""");
    }

    @Test
    void defaultNamespaceIsAcceptedWhenAllowed() {
        Rendered rendered = chart().namespace("default").set("allowDefaultNamespace", true).render();

        assertThat(rendered.daemonSet().path("metadata").path("namespace").asText()).isEqualTo("default");
    }

    @Test
    void namespaceOverrideMovesObjectsOutOfTheReleaseNamespace() {
        Rendered rendered = chart().namespace("default").set("namespaceOverride", "kube-system").render();

        assertThat(rendered.daemonSet().path("metadata").path("namespace").asText()).isEqualTo("kube-system");
    }

    @Test
    void configNameAndConfigMapAreExclusive() {
        assertThatThrownBy(() -> chart().set("config.name", "external").set("config.map.default", "version: v1").render())
                .hasMessageContaining("""
                        Only one of 'config.name' or 'config.map' should ever be set for a given deployment.
                        Use 'config.name' to point to an external ConfigMap with a list of configurations.
                        Use 'config.map' to build an integrated ConfigMap from a set of configurations as part of this helm chart.""");
    }

    @Test
    void twoConfigsWithoutADerivableDefaultAreRefused() {
        assertThatThrownBy(() -> chart().set("config.map.config0", "version: v1").set("config.map.config1", "version: v1").render())
                .hasMessageContaining("""
                        A default config must be provided when more than one configuration is set in 'config.map'.
                        Either set the default using 'config.default' or provide a list of fallback strategies to try in 'config.fallbackStrategies'.
                        The 'named' fallback will look for a 'config.map' entry with the special name 'default'.
                        The 'single' fallback will look to see if only a single config has been provided and make that the default.
                        The 'empty' fallback will apply an empty config if none of the other fallbacks are successful.
                        Fallbacks are attempted in order and the current set is [named single].""");
    }

    @Test
    void configNamedDefaultIsIgnoredWithoutTheNamedFallback() {
        assertThatThrownBy(() -> chart().values("""
                config:
                  fallbackStrategies: [single]
                  map:
                    default: "version: v1"
                    other: "version: v1"
                """).render())
                .hasMessageContaining("A default config must be provided when more than one configuration is set in 'config.map'.")
                .hasMessageContaining("the current set is [single].");
    }

    @Test
    void enablingTheMissingNfdSubchartIsRefused() {
        assertThatThrownBy(() -> chart().set("gfd.enabled", true).set("nfd.enabled", true).render())
                .hasMessageContaining("Value 'nfd.enabled' is true, but this chart does not ship the node-feature-discovery subchart.")
                .hasMessageContaining("set 'gfd.output=node'");
    }

    @Test
    void anUnknownGfdOutputIsRefused() {
        assertThatThrownBy(() -> chart().set("gfd.enabled", true).set("gfd.output", "crd").render())
                .hasMessageContaining("Value 'gfd.output' is 'crd': use 'nfd'");
    }
}
