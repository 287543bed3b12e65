package io.nvdp.charts;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Renders the chart with helm-java (the bundled helm library), the way `helm template` does. */
final class Chart {

    static final Path DIR = Path.of("nvidia-device-plugin").toAbsolutePath();
    static final String RELEASE = "nvdp";
    static final String NAMESPACE = "nvidia-device-plugin";
    static final String FULLNAME = "nvdp-nvidia-device-plugin";

    private final Map<String, Object> values = new LinkedHashMap<>();
    private final Map<String, Path> files = new LinkedHashMap<>();
    private String valuesYaml;
    private String namespace = NAMESPACE;

    static Chart chart() {
        return new Chart();
    }

    /** Like {@code --set key=value} (helm infers bools and numbers). */
    Chart set(String key, Object value) {
        values.put(key, value);
        return this;
    }

    /** Like {@code --set-file key=path}. */
    Chart setFile(String key, Path file) {
        files.put(key, file);
        return this;
    }

    /** Like {@code -f values.yaml}, from text. */
    Chart values(String yaml) {
        this.valuesYaml = yaml;
        return this;
    }

    Chart namespace(String namespace) {
        this.namespace = namespace;
        return this;
    }

    Rendered render() {
        return Rendered.parse(renderText());
    }

    String renderText() {
        TemplateCommand template = new Helm(DIR).template().withName(RELEASE).withNamespace(namespace);
        values.forEach(template::set);
        files.forEach(template::setFile);
        Path valuesFile = null;
        try {
            if (valuesYaml != null) {
                valuesFile = Files.createTempFile("values", ".yaml");
                Files.writeString(valuesFile, valuesYaml);
                template.withValuesFile(valuesFile);
            }
            return template.call();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (valuesFile != null) {
                try {
                    Files.deleteIfExists(valuesFile);
                } catch (IOException ignored) {
                    // a leftover temp file is harmless
                }
            }
        }
    }
}
