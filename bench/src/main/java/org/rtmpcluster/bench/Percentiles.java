package org.rtmpcluster.bench;

import java.util.Arrays;

/** Samples (any unit) collected on one thread, and their nearest-rank percentiles. */
final class Percentiles {
    private long[] samples = new long[64];
    private int count;

    void add(long sample) {
        if (count == samples.length) {
            samples = Arrays.copyOf(samples, count * 2);
        }
        samples[count++] = sample;
    }

    void addAll(Percentiles other) {
        for (int i = 0; i < other.count; i++) {
            add(other.samples[i]);
        }
    }

    int count() {
        return count;
    }

    /** The smallest sample at or above fraction {@code p} (0..1) of all, or -1 with no samples. */
    long percentile(double p) {
        if (count == 0) {
            return -1;
        }
        Arrays.sort(samples, 0, count);
        int rank = (int) Math.ceil(p * count);
        return samples[Math.max(0, Math.min(count - 1, rank - 1))];
    }
}
