package dev.streamscore.model.stats;

/**
 * Sampling standard errors of the metrics whose noise depends on more than the window's event
 * count: an AUC is only as precise as its rarer class is large, and a gap between two groups'
 * rates only as precise as the smaller group. Drift-stream's alert rules and the lifecycle app's live
 * judge compare a change with these, so a window of fraud-like data with 25 positives does not raise
 * an AUC alert, or roll a candidate back, on noise.
 */
public final class StandardErrors {
    private StandardErrors() {
    }

    /**
     * Standard error of an AUC (Hanley and McNeil, Radiology 143, 1982, eq. 1 with their
     * exponential approximations Q1 = A/(2-A), Q2 = 2A²/(1+A)); NaN when a class is empty or the
     * AUC is NaN.
     */
    public static double auc(double auc, long positives, long negatives) {
        if (positives <= 0 || negatives <= 0 || Double.isNaN(auc)) {
            return Double.NaN;
        }
        double q1 = auc / (2 - auc);
        double q2 = 2 * auc * auc / (1 + auc);
        double a2 = auc * auc;
        double variance = (auc * (1 - auc) + (positives - 1) * (q1 - a2) + (negatives - 1) * (q2 - a2))
                / ((double) positives * negatives);
        return Math.sqrt(Math.max(0, variance));
    }

    /**
     * Standard error of the difference of two proportions x1/n1 - x2/n2 under "no difference"
     * (pooled: the two-proportion z-test's denominator, which stays positive when both rates are 0
     * or 1 unless both are the same extreme); NaN when a group is empty.
     */
    public static double proportionDifference(long x1, long n1, long x2, long n2) {
        if (n1 <= 0 || n2 <= 0) {
            return Double.NaN;
        }
        double pooled = (x1 + x2) / (double) (n1 + n2);
        return Math.sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2));
    }
}
