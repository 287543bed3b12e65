package io.nvdp.adapters.config.v1;

import io.nvdp.domain.model.ResourceName;
import java.util.Objects;

/** One {@code {pattern, name}} entry of {@code resources.gpus} or {@code resources.mig}. */
public record Resource(String pattern, ResourceName name) {
    public Resource {
        Objects.requireNonNull(pattern, "pattern");
        Objects.requireNonNull(name, "name");
    }
}
