package io.nvdp.yaml;

import com.fasterxml.jackson.core.ObjectCodec;
import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactoryBuilder;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.events.ScalarEvent;

/**
 * Jackson's YAML parser, telling also the anchor of a scalar: its {@code getObjectId()} reports the
 * anchors of mappings and sequences but loses those of scalars that are mapping values.
 */
final class AnchorAwareParser extends YAMLParser {
    AnchorAwareParser(IOContext context, int parserFeatures, int yamlFeatures, LoaderOptions options,
            ObjectCodec codec, Reader reader) {
        super(context, parserFeatures, yamlFeatures, options, codec, reader);
    }

    /** The anchor of the scalar just read, or null. */
    String scalarAnchor() {
        return _lastEvent instanceof ScalarEvent scalar ? scalar.getAnchor() : null;
    }

    /** Builds {@link AnchorAwareParser}s from a stream. */
    static final class Factory extends YAMLFactory {
        private static final long serialVersionUID = 1L;

        Factory(YAMLFactoryBuilder builder) {
            super(builder);
        }

        @Override
        protected YAMLParser _createParser(InputStream in, IOContext context) throws IOException {
            return new AnchorAwareParser(context, _parserFeatures, _yamlParserFeatures, _loaderOptions, _objectCodec,
                    _createReader(in, null, context));
        }
    }
}
