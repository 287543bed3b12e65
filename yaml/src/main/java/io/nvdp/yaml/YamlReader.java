package io.nvdp.yaml;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactoryBuilder;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Reads the first YAML document of a text into a {@link JsonNode} tree, as {@code ObjectMapper.readTree}
 * would but without its serializer machinery (~340 classes, ~200 ms of a cold start), and with YAML's
 * anchors, aliases and merge keys resolved. Empty content is the missing node. The work is bounded by
 * {@link YamlLimits}; a refused document is a {@link YamlException}, a malformed one the parser's
 * {@link JacksonException}.
 */
public final class YamlReader {
    private final AnchorAwareParser.Factory factory;

    private YamlReader(AnchorAwareParser.Factory factory) {
        this.factory = factory;
    }

    /** Repeated keys: the last one wins. */
    public static YamlReader lenient() {
        return new YamlReader(new AnchorAwareParser.Factory(base()));
    }

    /** Repeated keys are an error, and an empty value reads as null rather than an empty string. */
    public static YamlReader strict() {
        return new YamlReader(new AnchorAwareParser.Factory(base()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)));
    }

    // The builder starts without the parser's defaults: features are only those named here.
    private static YAMLFactoryBuilder base() {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(YamlLimits.MAX_BYTES);
        return YAMLFactory.builder()
                .loaderOptions(options)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(YamlLimits.MAX_DEPTH + 1)
                        .maxDocumentLength(YamlLimits.MAX_BYTES)
                        .build());
    }

    public JsonNode read(byte[] content) throws IOException {
        if (content.length > YamlLimits.MAX_BYTES) {
            throw new YamlException("document is larger than the limit of " + YamlLimits.MAX_BYTES + " bytes");
        }
        return read(new ByteArrayInputStream(content));
    }

    public JsonNode read(String text) throws IOException {
        return read(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Reads from {@code in} (closed afterwards), checking its UTF-8 on the way. */
    public JsonNode read(InputStream in) throws IOException {
        try (AnchorAwareParser parser = (AnchorAwareParser) factory.createParser(new Utf8Check(in))) {
            return new TreeBuilder(parser).build();
        } catch (YamlException e) {
            throw e;
        } catch (IOException e) {
            // The UTF-8 check's refusal reaches here wrapped by the parser's reader.
            YamlException refusal = refusalIn(e);
            throw refusal == null ? e : refusal;
        }
    }

    private static YamlException refusalIn(Throwable e) {
        for (Throwable cause = e.getCause(); cause != null && cause != e; e = cause, cause = cause.getCause()) {
            if (cause instanceof YamlException refusal) {
                return refusal;
            }
        }
        return null;
    }
}
