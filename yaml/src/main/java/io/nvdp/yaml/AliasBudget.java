package io.nvdp.yaml;

/**
 * Go YAML's guard against alias bombs: counts every node a decode visits, and those visited through
 * an alias, and refuses the document once aliases account for too large a share of a large decode
 * (99% up to 400,000 nodes, falling to 10% at 4,000,000).
 */
final class AliasBudget {
    private static final long RANGE_LOW = 400_000;
    private static final long RANGE_HIGH = 4_000_000;

    private long decoded;
    private long aliased;

    /** One node read from the text. */
    void node() throws YamlException {
        decoded++;
        check();
    }

    /** An alias to a value of {@code size} nodes, expanded in place. */
    void alias(long size) throws YamlException {
        decoded = saturatingAdd(decoded, size + 1);
        aliased = saturatingAdd(aliased, size);
        check();
    }

    long decoded() {
        return decoded;
    }

    static long saturatingAdd(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE / 2 : Math.min(sum, Long.MAX_VALUE / 2);
    }

    private void check() throws YamlException {
        if (aliased > 100 && decoded > 1000 && (double) aliased / decoded > allowedRatio(decoded)) {
            throw new YamlException("document contains excessive aliasing");
        }
    }

    private static double allowedRatio(long decodeCount) {
        if (decodeCount <= RANGE_LOW) {
            return 0.99;
        }
        if (decodeCount >= RANGE_HIGH) {
            return 0.10;
        }
        return 0.99 - 0.89 * ((double) (decodeCount - RANGE_LOW) / (RANGE_HIGH - RANGE_LOW));
    }
}
