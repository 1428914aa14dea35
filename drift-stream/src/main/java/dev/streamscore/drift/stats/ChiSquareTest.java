package dev.streamscore.drift.stats;

/**
 * Pearson's chi-square test of homogeneity on a 2 x k table: do the baseline and the live window
 * draw their categories from the same distribution? Unlike a goodness-of-fit test against the
 * baseline's frequencies, it accounts for the baseline being a sample too and stays finite when
 * the live window shows a category the baseline never saw. No continuity correction (for 2 x 2
 * this matches {@code scipy.stats.chi2_contingency(table, correction=False)}).
 */
public final class ChiSquareTest {
    private ChiSquareTest() {
    }

    /** The statistic, its degrees of freedom and p-value. */
    public record Result(double statistic, int degreesOfFreedom, double pValue) {
    }

    /**
     * @param baseline counts (or expected counts, e.g. frequency x training sample) per category
     * @param live     live counts per category, same order
     * @return the test; NaN p-value when either row is empty or fewer than two categories occur
     */
    public static Result homogeneity(double[] baseline, double[] live) {
        DistributionDistances.requireSameLength(baseline, live);
        double rowA = 0;
        double rowB = 0;
        int columns = 0;
        for (int i = 0; i < baseline.length; i++) {
            rowA += baseline[i];
            rowB += live[i];
            if (baseline[i] + live[i] > 0) {
                columns++;
            }
        }
        if (rowA <= 0 || rowB <= 0 || columns < 2) {
            return new Result(Double.NaN, Math.max(0, columns - 1), Double.NaN);
        }
        double total = rowA + rowB;
        double statistic = 0;
        for (int i = 0; i < baseline.length; i++) {
            double column = baseline[i] + live[i];
            if (column <= 0) {
                continue; // a category neither sample has adds no information and no degree of freedom
            }
            double expectedA = rowA * column / total;
            double expectedB = rowB * column / total;
            statistic += sq(baseline[i] - expectedA) / expectedA + sq(live[i] - expectedB) / expectedB;
        }
        int df = columns - 1;
        return new Result(statistic, df, SpecialFunctions.chiSquareSurvival(statistic, df));
    }

    private static double sq(double x) {
        return x * x;
    }
}
