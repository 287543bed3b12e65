package io.nvdp.yaml;

/**
 * The bounds on the work one document may cause. The size and depth are those of the Go YAML
 * parser or more generous; the node count keeps a document's tree within a small heap.
 */
public final class YamlLimits {
    /** Bytes of one document (a config file, a node profile). */
    public static final int MAX_BYTES = 16 * 1024 * 1024;
    /** Nesting of mappings and sequences (the Go parser's limit). */
    public static final int MAX_DEPTH = 10_000;
    /** Nodes (keys, values, and every node an alias repeats). */
    public static final int MAX_NODES = 250_000;

    private YamlLimits() {
    }
}
