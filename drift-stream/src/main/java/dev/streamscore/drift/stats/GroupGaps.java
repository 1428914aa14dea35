package dev.streamscore.drift.stats;

import java.util.Collection;

/**
 * Fairness gaps across the groups of one segment field (e.g. customer_segment = retail, premium,
 * business): the demographic parity gap is the spread of positive-decision rates, the
 * equal-opportunity gap the spread of recall (true positive rates) (Hardt, Price and Srebro,
 * 2016); the disparate impact ratio is the smallest rate over the largest (the "four-fifths rule"
 * reads it against 0.8).
 */
public final class GroupGaps {
    private GroupGaps() {
    }

    /** max - min of the rates; NaN with fewer than two groups. */
    public static double gap(Collection<Double> rates) {
        if (rates.size() < 2) {
            return Double.NaN;
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double r : rates) {
            min = Math.min(min, r);
            max = Math.max(max, r);
        }
        return max - min;
    }

    /** min / max of the rates; NaN with fewer than two groups or when every rate is 0. */
    public static double ratio(Collection<Double> rates) {
        if (rates.size() < 2) {
            return Double.NaN;
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double r : rates) {
            min = Math.min(min, r);
            max = Math.max(max, r);
        }
        return max == 0 ? Double.NaN : min / max;
    }
}
