package io.nvdp.bench;

import java.util.Arrays;

/** Call latencies in nanoseconds, recorded one by one; percentiles by the nearest-rank method. */
final class Latencies {
    private long[] values;
    private int count;

    Latencies(int expected) {
        values = new long[Math.max(16, expected)];
    }

    void add(long nanos) {
        if (count == values.length) {
            values = Arrays.copyOf(values, count * 2);
        }
        values[count++] = nanos;
    }

    int count() {
        return count;
    }

    /** The {@code p}-th percentile (0 < p <= 100) in milliseconds. */
    double percentileMillis(double p) {
        return percentileMillis(p, 0);
    }

    /** The {@code p}-th percentile of the calls after the first {@code skip} (the warm ones). */
    double percentileMillis(double p, int skip) {
        if (count <= skip) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOfRange(values, skip, count);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)] / 1e6;
    }
}
