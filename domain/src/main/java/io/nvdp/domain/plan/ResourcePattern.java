package io.nvdp.domain.plan;

import io.nvdp.domain.model.ResourceName;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A {@code resources.gpus} / {@code resources.mig} entry: a product-name or MIG-profile pattern and
 * the resource its devices land in. {@code *} matches any run of characters; everything else is
 * literal. Matching is anchored (the whole name must match), as upstream HEAD does: v0.14.1 searched
 * for a substring, which let {@code 1g.5gb} capture {@code 1g.5gb+me} devices (spec 2.5 [quirk]).
 */
public record ResourcePattern(String pattern, ResourceName name) {
    public ResourcePattern {
        Objects.requireNonNull(pattern, "pattern");
        Objects.requireNonNull(name, "name");
    }

    public boolean matches(String value) {
        return compiled().matcher(value).matches();
    }

    private Pattern compiled() {
        StringBuilder regex = new StringBuilder();
        int start = 0;
        for (int star = pattern.indexOf('*'); star >= 0; star = pattern.indexOf('*', start)) {
            regex.append(Pattern.quote(pattern.substring(start, star))).append(".*");
            start = star + 1;
        }
        regex.append(Pattern.quote(pattern.substring(start)));
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    @Override
    public String toString() {
        return pattern + " -> " + name;
    }
}
