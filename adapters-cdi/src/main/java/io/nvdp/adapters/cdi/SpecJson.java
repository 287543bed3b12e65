package io.nvdp.adapters.cdi;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

/** Writes a {@link SpecDocument} as the CDI JSON format (empty edit lists left out, as runtimes expect). */
final class SpecJson {
    private static final JsonFactory JSON = new JsonFactory();

    private SpecJson() {
    }

    static String write(SpecDocument spec) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("cdiVersion", spec.cdiVersion());
            g.writeStringField("kind", spec.kind());
            g.writeArrayFieldStart("devices");
            for (SpecDocument.Device d : spec.devices()) {
                g.writeStartObject();
                g.writeStringField("name", d.name());
                g.writeFieldName("containerEdits");
                edits(g, d.edits());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeFieldName("containerEdits");
            edits(g, spec.common());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString() + "\n";
    }

    private static void edits(JsonGenerator g, SpecDocument.Edits e) throws IOException {
        g.writeStartObject();
        if (!e.env().isEmpty()) {
            strings(g, "env", e.env());
        }
        if (!e.deviceNodes().isEmpty()) {
            g.writeArrayFieldStart("deviceNodes");
            for (DeviceNode n : e.deviceNodes()) {
                g.writeStartObject();
                g.writeStringField("path", n.path());
                g.writeStringField("hostPath", n.hostPath());
                g.writeStringField("type", n.type());
                g.writeNumberField("major", n.major());
                g.writeNumberField("minor", n.minor());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        if (!e.hooks().isEmpty()) {
            g.writeArrayFieldStart("hooks");
            for (SpecDocument.Hook h : e.hooks()) {
                g.writeStartObject();
                g.writeStringField("hookName", h.hookName());
                g.writeStringField("path", h.path());
                strings(g, "args", h.args());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        if (!e.mounts().isEmpty()) {
            g.writeArrayFieldStart("mounts");
            for (SpecDocument.Mount m : e.mounts()) {
                g.writeStartObject();
                g.writeStringField("hostPath", m.hostPath());
                g.writeStringField("containerPath", m.containerPath());
                strings(g, "options", m.options());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    private static void strings(JsonGenerator g, String field, List<String> values) throws IOException {
        g.writeArrayFieldStart(field);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }
}
