package dev.streamscore.drift.stats;

/**
 * Distances between two discrete distributions on the same bins or categories (a baseline
 * {@code expected} and a live {@code actual}), given as counts or proportions of equal length.
 * These are the numbers data-drift and prediction-drift monitors compare with their thresholds.
 */
public final class DistributionDistances {
    /**
     * What an empty bin's proportion is replaced with in {@link #psi}: without it one empty bin makes
     * PSI infinite. 1e-4 is Evidently's choice ({@code np.where(x == 0, 0.0001, x)} in its PSI test),
     * so values match what users of that library are used to.
     */
    public static final double PSI_EMPTY_BIN = 1e-4;

    private DistributionDistances() {
    }

    /** Counts as proportions of their sum; all zeros when the sum is 0. */
    public static double[] proportions(long[] counts) {
        double total = 0;
        for (long c : counts) {
            total += c;
        }
        double[] p = new double[counts.length];
        if (total > 0) {
            for (int i = 0; i < counts.length; i++) {
                p[i] = counts[i] / total;
            }
        }
        return p;
    }

    /** Proportions of doubles (e.g. expected counts reconstructed from frequencies). */
    public static double[] proportions(double[] weights) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double[] p = new double[weights.length];
        if (total > 0) {
            for (int i = 0; i < weights.length; i++) {
                p[i] = weights[i] / total;
            }
        }
        return p;
    }

    /**
     * Population Stability Index Σ (a - e) ln(a / e) over the bins, with empty bins counted as
     * {@link #PSI_EMPTY_BIN}. 0 for identical distributions; the usual reading is below 0.1 stable,
     * 0.1-0.25 a moderate shift, above 0.25 a major shift.
     */
    public static double psi(double[] expected, double[] actual) {
        requireSameLength(expected, actual);
        double psi = 0;
        for (int i = 0; i < expected.length; i++) {
            double e = Math.max(expected[i], PSI_EMPTY_BIN);
            double a = Math.max(actual[i], PSI_EMPTY_BIN);
            psi += (a - e) * Math.log(a / e);
        }
        return psi;
    }

    /**
     * Jensen-Shannon distance: the square root of the JS divergence with base-2 logarithms, so it
     * lies in [0, 1] (0 identical, 1 disjoint supports) and is a metric. This is what
     * {@code scipy.spatial.distance.jensenshannon(p, q, base=2)} returns.
     */
    public static double jensenShannon(double[] p, double[] q) {
        requireSameLength(p, q);
        double divergence = 0;
        for (int i = 0; i < p.length; i++) {
            double m = (p[i] + q[i]) / 2;
            if (p[i] > 0) {
                divergence += 0.5 * p[i] * log2(p[i] / m);
            }
            if (q[i] > 0) {
                divergence += 0.5 * q[i] * log2(q[i] / m);
            }
        }
        return Math.sqrt(Math.max(0, Math.min(1, divergence)));
    }

    /** L-infinity distance max |p_i - q_i|, TFDV's categorical drift and skew comparator. */
    public static double lInfinity(double[] p, double[] q) {
        requireSameLength(p, q);
        double max = 0;
        for (int i = 0; i < p.length; i++) {
            max = Math.max(max, Math.abs(p[i] - q[i]));
        }
        return max;
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    static void requireSameLength(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("Distributions of different length: " + a.length + " and " + b.length);
        }
    }
}
