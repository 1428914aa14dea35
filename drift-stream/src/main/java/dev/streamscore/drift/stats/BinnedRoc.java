package dev.streamscore.drift.stats;

/**
 * AUC from score histograms of the positives and the negatives on the same bins (ascending
 * scores), which a window can keep in bounded, mergeable state instead of every score.
 *
 * <p>The result is the Mann-Whitney statistic with all scores in one bin treated as ties (a tie
 * counts one half), which equals the trapezoidal area under the ROC curve drawn through the bin
 * edges as thresholds. It is exact when no bin holds a positive and a negative; otherwise it can
 * differ from the exact AUC by at most half the share of positive-negative pairs that share a bin.
 * With 100 equal bins on [0, 1] that share is small for any model whose scores are spread out;
 * a unit test checks the gap against the exact rank AUC.
 */
public final class BinnedRoc {
    private BinnedRoc() {
    }

    /** NaN when either class is absent. */
    public static double auc(long[] positives, long[] negatives) {
        if (positives.length != negatives.length) {
            throw new IllegalArgumentException("Histograms of different length: " + positives.length + " and " + negatives.length);
        }
        double p = 0;
        double n = 0;
        for (int i = 0; i < positives.length; i++) {
            p += positives[i];
            n += negatives[i];
        }
        if (p == 0 || n == 0) {
            return Double.NaN;
        }
        double wins = 0;
        double positivesAbove = p;
        for (int i = 0; i < positives.length; i++) {
            positivesAbove -= positives[i];
            wins += negatives[i] * (positivesAbove + positives[i] / 2.0);
        }
        return wins / (p * n);
    }
}
