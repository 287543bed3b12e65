package io.nvdp.domain.labels;

import java.util.List;
import java.util.Objects;

/** Labels computed for a node, and the warnings an operator should see about them (one line each). */
public record LabelResult(NodeLabels labels, List<String> warnings) {
    public static final LabelResult NONE = new LabelResult(NodeLabels.NONE, List.of());

    public LabelResult {
        Objects.requireNonNull(labels, "labels");
        warnings = List.copyOf(warnings);
    }
}
