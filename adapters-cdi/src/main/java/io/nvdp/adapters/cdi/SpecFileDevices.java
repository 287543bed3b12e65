package io.nvdp.adapters.cdi;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads back the device names a spec file defines (its {@code devices[].name}). */
final class SpecFileDevices {
    private static final JsonFactory JSON = new JsonFactory();

    private SpecFileDevices() {
    }

    static List<String> names(Path file) throws IOException {
        List<String> names = new ArrayList<>();
        try (JsonParser p = JSON.createParser(file.toFile())) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException(file + " does not hold a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if (!field.equals("devices") || p.currentToken() != JsonToken.START_ARRAY) {
                    p.skipChildren();
                    continue;
                }
                while (p.nextToken() == JsonToken.START_OBJECT) {
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String key = p.currentName();
                        p.nextToken();
                        if (key.equals("name")) {
                            names.add(p.getText());
                        } else {
                            p.skipChildren();
                        }
                    }
                }
            }
        }
        return names;
    }
}
