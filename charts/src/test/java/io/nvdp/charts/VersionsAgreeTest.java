package io.nvdp.charts;

import static io.nvdp.charts.Chart.chart;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * One version everywhere: the build's ({@code nvdp.version}, which --version prints with a v), the
 * chart's appVersion, the image tag the chart and the static manifests deploy, and the Dockerfile's
 * version label; and the image they deploy is ours, never upstream's.
 */
class VersionsAgreeTest {
    private static final String UPSTREAM_IMAGE = "nvcr.io/nvidia/k8s-device-plugin";
    private static final String OUR_REPOSITORY = "registry.example.com/nvdp-java/k8s-device-plugin";
    private static final Path REPO = Path.of("..");

    private static final String VERSION = System.getProperty("nvdp.version");

    private static JsonNode chartYaml() throws IOException {
        return new ObjectMapper(new YAMLFactory()).readTree(Chart.DIR.resolve("Chart.yaml").toFile());
    }

    @Test
    void theChartsAppVersionIsTheBuildsVersion() throws IOException {
        assertThat(VERSION).as("nvdp.version from the build").matches("\\d+\\.\\d+\\.\\d+");
        assertThat(chartYaml().path("appVersion").asText()).isEqualTo(VERSION);
        assertThat(chartYaml().path("version").asText()).isEqualTo(VERSION);
        assertThat(System.getProperty("nvdp.project.version")).isIn(VERSION, VERSION + "-SNAPSHOT");
    }

    @Test
    void theChartDeploysOurImageTaggedWithTheVersion() {
        String image = chart().render().pluginContainer().path("image").asText();

        assertThat(image).doesNotStartWith(UPSTREAM_IMAGE).isEqualTo(OUR_REPOSITORY + ":v" + VERSION);
    }

    @Test
    void theStaticManifestsDeployTheSameImage() throws IOException {
        String chartImage = chart().render().pluginContainer().path("image").asText();
        for (String file : new String[] {"nvidia-device-plugin.yml", "nvidia-device-plugin-compat-with-cpumanager.yml"}) {
            String text = Files.readString(REPO.resolve("deployments/static").resolve(file));
            String image = Rendered.parse(text).pluginContainer().path("image").asText();
            assertThat(image).as(file).doesNotStartWith(UPSTREAM_IMAGE).isEqualTo(chartImage);
        }
    }

    @Test
    void theDockerfileLabelsTheImageWithTheVersion() throws IOException {
        String dockerfile = Files.readString(REPO.resolve("deployments/container/Dockerfile"));
        Matcher label = Pattern.compile("org\\.opencontainers\\.image\\.version=\"([^\"]*)\"").matcher(dockerfile);

        assertThat(label.find()).as("the Dockerfile's version label").isTrue();
        assertThat(label.group(1)).isEqualTo("v" + VERSION);
    }
}
