package dev.streamscore.drift.stats;

/**
 * Two-sample comparisons of numeric distributions known only as histograms on the same edges (the
 * training profile's and a live window's), the form the monitor keeps so that its state stays
 * bounded and mergeable. Edges follow {@code dev.streamscore.model.card.Histogram}: m ascending
 * edges cut the line into m + 1 bins, the outer two open-ended.
 *
 * <p>Within a bin the values are taken as uniformly spread, so the empirical CDFs are piecewise
 * linear between the points {@code lower, edges..., upper}; the open outer bins are closed at the
 * smallest and largest value either sample has shown ({@code lower} and {@code upper}, the
 * training min/max widened by the live min/max).
 */
public final class BinnedDistributions {
    private BinnedDistributions() {
    }

    /**
     * Wasserstein-1 (earth mover's) distance between the two piecewise-linear CDFs, ∫ |F_a - F_b| dx.
     * Exact for the uniform-within-bin model (the integrand is linear in each bin); for the real
     * samples it errs by at most the mass moved within single bins, times the bin widths.
     */
    public static double wasserstein(double[] edges, long[] expected, long[] actual, double lower, double upper) {
        double[] points = points(edges, lower, upper);
        double[] fa = cdfAtPoints(expected);
        double[] fb = cdfAtPoints(actual);
        double total = 0;
        for (int i = 0; i + 1 < points.length; i++) {
            double width = points[i + 1] - points[i];
            if (width <= 0) {
                continue;
            }
            double d0 = fb[i] - fa[i];
            double d1 = fb[i + 1] - fa[i + 1];
            if (d0 * d1 >= 0) {
                total += width * (Math.abs(d0) + Math.abs(d1)) / 2;
            } else {
                // The difference changes sign inside the bin: two triangles.
                total += width * (d0 * d0 + d1 * d1) / (2 * (Math.abs(d0) + Math.abs(d1)));
            }
        }
        return total;
    }

    /**
     * Kolmogorov-Smirnov statistic sup |F_a - F_b| evaluated at the bin edges (where both CDFs are
     * known exactly; between edges the uniform model cannot make it larger). It is the exact
     * two-sample statistic when no bin holds values of both samples in different order, and a
     * lower bound otherwise.
     */
    public static double ksStatistic(long[] expected, long[] actual) {
        if (expected.length != actual.length) {
            throw new IllegalArgumentException("Histograms of different length: " + expected.length + " and " + actual.length);
        }
        double[] fa = cdfAtPoints(expected);
        double[] fb = cdfAtPoints(actual);
        double d = 0;
        for (int i = 0; i < fa.length; i++) {
            d = Math.max(d, Math.abs(fa[i] - fb[i]));
        }
        return d;
    }

    /**
     * Asymptotic two-sample KS p-value for statistic {@code d} with sample sizes {@code n} and
     * {@code m}: Q_KS((√ne + 0.12 + 0.11/√ne) d) with ne = nm/(n+m) (Stephens' correction, as in
     * Numerical Recipes' {@code kstwo}). NaN when a sample is empty.
     */
    public static double ksPValue(double d, long n, long m) {
        if (n <= 0 || m <= 0) {
            return Double.NaN;
        }
        double ne = (double) n * m / ((double) n + m);
        double sqrt = Math.sqrt(ne);
        return SpecialFunctions.kolmogorovSurvival((sqrt + 0.12 + 0.11 / sqrt) * d);
    }

    /** The CDF at points lower, edges[0..m-1], upper: 0, cumulative shares of bins 0..m-1, 1. */
    static double[] cdfAtPoints(long[] counts) {
        double total = 0;
        for (long c : counts) {
            total += c;
        }
        double[] cdf = new double[counts.length + 1];
        double running = 0;
        for (int i = 0; i < counts.length; i++) {
            cdf[i] = total == 0 ? 0 : running / total;
            running += counts[i];
        }
        cdf[counts.length] = total == 0 ? 0 : 1;
        return cdf;
    }

    private static double[] points(double[] edges, double lower, double upper) {
        double[] points = new double[edges.length + 2];
        points[0] = edges.length == 0 ? lower : Math.min(lower, edges[0]);
        System.arraycopy(edges, 0, points, 1, edges.length);
        points[points.length - 1] = edges.length == 0 ? upper : Math.max(upper, edges[edges.length - 1]);
        return points;
    }
}
