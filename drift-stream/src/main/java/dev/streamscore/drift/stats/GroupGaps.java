package dev.streamscore.drift.stats;

import dev.streamscore.model.stats.StandardErrors;
import java.util.Collection;
import java.util.List;

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

    /**
     * One group's rate as counts: successes (positive decisions, or true positives) among trials
     * (events, or labeled positives).
     */
    public record GroupRate(long successes, long trials) {
        public double rate() {
            return trials == 0 ? Double.NaN : successes / (double) trials;
        }
    }

    /**
     * A gap across groups with its sampling error.
     *
     * @param value         max - min of the groups' rates
     * @param standardError of the difference between the highest and the lowest group under "no
     *                      difference" ({@link StandardErrors#proportionDifference})
     */
    public record Gap(double value, double standardError) {
    }

    /** The spread of the groups' rates and its standard error; NaN for both with fewer than two groups. */
    public static Gap widest(List<GroupRate> groups) {
        if (groups.size() < 2) {
            return new Gap(Double.NaN, Double.NaN);
        }
        GroupRate min = null;
        GroupRate max = null;
        for (GroupRate g : groups) {
            if (min == null || g.rate() < min.rate()) {
                min = g;
            }
            if (max == null || g.rate() > max.rate()) {
                max = g;
            }
        }
        return new Gap(max.rate() - min.rate(),
                StandardErrors.proportionDifference(max.successes(), max.trials(), min.successes(), min.trials()));
    }
}
