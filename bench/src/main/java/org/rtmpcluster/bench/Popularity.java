package org.rtmpcluster.bench;

import java.util.Arrays;
import java.util.Random;

/**
 * Draws one of {@code n} choices (streams by rank, zones) with given weights: by binary search in the cumulative
 * shares, so a million draws over thousands of streams take milliseconds and one seed gives one sequence.
 */
final class Popularity {
    private final double[] cumulative;

    private Popularity(double[] weights) {
        cumulative = new double[weights.length];
        double sum = 0;
        for (int i = 0; i < weights.length; i++) {
            sum += weights[i];
            cumulative[i] = sum;
        }
        for (int i = 0; i < weights.length; i++) {
            cumulative[i] /= sum;
        }
        cumulative[weights.length - 1] = 1.0;
    }

    /** Rank k (1-based) in proportion to 1/k^s: Zipf's law; s = 0 makes every choice equally likely. */
    static Popularity zipf(int n, double s) {
        double[] weights = new double[n];
        for (int k = 1; k <= n; k++) {
            weights[k - 1] = 1.0 / Math.pow(k, s);
        }
        return new Popularity(weights);
    }

    static Popularity shares(double[] shares) {
        return new Popularity(shares);
    }

    /** The share of all draws that choice {@code i} (0-based) gets. */
    double share(int i) {
        return cumulative[i] - (i == 0 ? 0 : cumulative[i - 1]);
    }

    /** A choice, 0-based. */
    int draw(Random random) {
        int i = Arrays.binarySearch(cumulative, random.nextDouble());
        return i >= 0 ? i : -i - 1;
    }
}
