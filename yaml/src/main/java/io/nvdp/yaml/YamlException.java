package io.nvdp.yaml;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * A document the reader refuses: bad UTF-8, an unknown or self-containing anchor, excessive aliasing,
 * too deep, too many nodes, a bad merge key. The message is one line in the words of the Go YAML
 * parser (without its {@code yaml: } prefix); the location, when there is one, is where it was found.
 * It is a {@link JsonProcessingException} so that callers describe it as they describe the parser's
 * own syntax errors.
 */
public final class YamlException extends JsonProcessingException {
    private static final long serialVersionUID = 1L;

    YamlException(String message, JsonLocation location) {
        super(message, location);
    }

    YamlException(String message) {
        super(message, (JsonLocation) null);
    }
}
