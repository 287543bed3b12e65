package io.nvdp.domain.labels;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/** A node's GPU feature labels, keys in order; every key is in the {@code nvidia.com/} namespace. */
public record NodeLabels(SortedMap<String, String> values) {
    public static final String PREFIX = "nvidia.com/";
    public static final NodeLabels NONE = new NodeLabels(new TreeMap<>());

    public NodeLabels {
        values = Collections.unmodifiableSortedMap(new TreeMap<>(values));
        values.keySet().stream().filter(k -> !isOurs(k)).findFirst().ifPresent(k -> {
            throw new IllegalArgumentException("label " + k + " is outside " + PREFIX);
        });
    }

    public static NodeLabels of(Map<String, String> labels) {
        return new NodeLabels(new TreeMap<>(labels));
    }

    /** True for the label keys this product owns (and so may set and remove). */
    public static boolean isOurs(String key) {
        return key.startsWith(PREFIX);
    }

    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** The node-feature-discovery feature file: one {@code key=value} line per label. */
    public String featureFile() {
        StringBuilder out = new StringBuilder();
        values.forEach((k, v) -> out.append(k).append('=').append(v).append('\n'));
        return out.toString();
    }
}
