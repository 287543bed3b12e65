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
        if (count == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(values, count);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * count);
        return sorted[Math.max(0, rank - 1)] / 1e6;
    }
}
