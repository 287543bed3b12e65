package io.nvdp.charts;

import static io.nvdp.charts.Chart.chart;
import static io.nvdp.charts.Rendered.env;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class MetricsTest {

    private final Rendered rendered = chart().set("metrics.enabled", true).render();

    @Test
    void pluginListensOnTheMetricsPortOfEveryInterface() {
        JsonNode ctr = rendered.pluginContainer();

        assertThat(env(ctr)).containsEntry("METRICS_ADDRESS", "0.0.0.0:2112");
        assertThat(ctr.path("ports")).hasSize(1);
        assertThat(ctr.path("ports").get(0).path("name").asText()).isEqualTo("metrics");
        assertThat(ctr.path("ports").get(0).path("containerPort").asInt()).isEqualTo(2112);
    }

    @Test
    void podInvitesPrometheusToScrape() {
        JsonNode annotations = rendered.podAnnotations();

        assertThat(annotations.path("prometheus.io/scrape").asText()).isEqualTo("true");
        assertThat(annotations.path("prometheus.io/port").asText()).isEqualTo("2112");
        assertThat(annotations.path("prometheus.io/path").asText()).isEqualTo("/metrics");
    }

    @Test
    void livenessProbeAsksTheHealthEndpoint() {
        JsonNode probe = rendered.pluginContainer().path("livenessProbe");

        assertThat(probe.path("httpGet").path("path").asText()).isEqualTo("/healthz");
        assertThat(probe.path("httpGet").path("port").asText()).isEqualTo("metrics");
        assertThat(probe.has("exec")).isFalse();
    }

    @Test
    void portIsConfigurable() {
        Rendered custom = chart().set("metrics.enabled", true).set("metrics.port", 9400).render();

        assertThat(env(custom.pluginContainer())).containsEntry("METRICS_ADDRESS", "0.0.0.0:9400");
        assertThat(custom.pluginContainer().path("ports").get(0).path("containerPort").asInt()).isEqualTo(9400);
        assertThat(custom.podAnnotations().path("prometheus.io/port").asText()).isEqualTo("9400");
    }

    @Test
    void podAnnotationsWinOverTheScrapeHints() {
        Rendered custom = chart().set("metrics.enabled", true).values("""
                podAnnotations:
                  prometheus.io/scrape: "false"
                """).render();

        assertThat(custom.podAnnotations().path("prometheus.io/scrape").asText()).isEqualTo("false");
    }

    @Test
    void livenessProbeCanBeTurnedOff() {
        assertThat(chart().set("livenessProbe.enabled", false).render().pluginContainer().has("livenessProbe")).isFalse();
    }
}
