package io.nvdp.domain.archviolation;

import io.nvdp.yaml.YamlReader;
import java.io.IOException;

/** Test fixture: a domain class that wrongly parses YAML itself. Never used by production code. */
public class DomainClassReadingYaml {
    public boolean isEmpty(String text) throws IOException {
        return YamlReader.lenient().read(text).isMissingNode();
    }
}
