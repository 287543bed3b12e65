package io.nvdp.charts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.stream.StreamSupport;

/** The Kubernetes objects of one rendering (a chart's output or a static manifest), parsed. */
record Rendered(String yaml, List<JsonNode> documents) {

    private static final YAMLMapper YAML = new YAMLMapper();

    static Rendered parse(String yaml) {
        try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            List<JsonNode> objects = new ArrayList<>();
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                // comment-only documents parse to null or an empty node
                if (doc != null && doc.isObject() && !doc.isEmpty()) {
                    objects.add(doc);
                }
            }
            return new Rendered(yaml, List.copyOf(objects));
        } catch (IOException e) {
            throw new UncheckedIOException("rendered output is not YAML:\n" + yaml, e);
        }
    }

    List<JsonNode> ofKind(String kind) {
        return documents.stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
    }

    Optional<JsonNode> find(String kind, String name) {
        return ofKind(kind).stream().filter(d -> name.equals(d.path("metadata").path("name").asText())).findFirst();
    }

    JsonNode the(String kind) {
        List<JsonNode> found = ofKind(kind);
        if (found.size() != 1) {
            throw new NoSuchElementException("expected exactly one " + kind + " but found " + found.size() + " in:\n" + yaml);
        }
        return found.getFirst();
    }

    JsonNode daemonSet() {
        return the("DaemonSet");
    }

    JsonNode podSpec() {
        return daemonSet().path("spec").path("template").path("spec");
    }

    JsonNode podAnnotations() {
        return daemonSet().path("spec").path("template").path("metadata").path("annotations");
    }

    JsonNode container(String name) {
        return named(podSpec().path("containers"), name);
    }

    JsonNode initContainer(String name) {
        return named(podSpec().path("initContainers"), name);
    }

    JsonNode pluginContainer() {
        return container("nvidia-device-plugin-ctr");
    }

    List<String> containerNames() {
        return StreamSupport.stream(podSpec().path("containers").spliterator(), false)
                .map(c -> c.path("name").asText()).toList();
    }

    /** Literal env values of a container, in order; entries taken from a field get "valueFrom:<path>". */
    static Map<String, String> env(JsonNode container) {
        Map<String, String> env = new LinkedHashMap<>();
        for (JsonNode e : container.path("env")) {
            String value = e.has("valueFrom")
                    ? "valueFrom:" + e.path("valueFrom").path("fieldRef").path("fieldPath").asText()
                    : e.path("value").asText();
            env.put(e.path("name").asText(), value);
        }
        return env;
    }

    static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    private JsonNode named(JsonNode list, String name) {
        for (JsonNode c : list) {
            if (name.equals(c.path("name").asText())) {
                return c;
            }
        }
        throw new NoSuchElementException("no container " + name + " in:\n" + yaml);
    }
}
