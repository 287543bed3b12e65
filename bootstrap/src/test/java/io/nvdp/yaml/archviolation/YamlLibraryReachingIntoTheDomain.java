package io.nvdp.yaml.archviolation;

import io.nvdp.domain.model.ResourceName;

/** Test fixture: the YAML library wrongly knowing a domain type. Never used by production code. */
public class YamlLibraryReachingIntoTheDomain {
    public String name(String text) {
        return ResourceName.of(text).value();
    }
}
