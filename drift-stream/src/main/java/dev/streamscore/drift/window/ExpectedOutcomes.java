package dev.streamscore.drift.window;

import dev.streamscore.drift.stats.BinnedRoc;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Confidence-based performance estimation (CBPE, as in NannyML) for one window, before any label
 * arrives: with each prediction's calibrated probability p of a positive label (the card's
 * {@link dev.streamscore.model.card.Calibration}), a prediction decided positive is a true positive
 * with probability p and a false positive with 1 - p, one decided negative a false negative with p
 * and a true negative with 1 - p. Summed over the window these give the expected confusion matrix,
 * and so expected accuracy, precision and recall; the AUC is estimated from the score histogram
 * with each prediction counted p as a positive and 1 - p as a negative. The estimate is as good as
 * the calibration and blind to concept drift (it assumes the score still means what it meant at
 * validation): a realized figure far from the estimate is itself a sign of concept drift.
 *
 * <p>Sums only, so partial windows merge by adding; kept in billionths of an event as integers, so
 * that merging partials in any order gives exactly the same state (floating-point sums would differ
 * in the last bits with the order of addition).
 */
final class ExpectedOutcomes {
    /** One event, in the units of the sums. */
    private static final long ONE = 1_000_000_000L;

    private long truePositives;
    private long falsePositives;
    private long falseNegatives;
    private long trueNegatives;
    private final long[] positiveWeight = new long[PerformanceWindow.SCORE_BINS];
    private final long[] negativeWeight = new long[PerformanceWindow.SCORE_BINS];

    void add(double score, double probability, boolean decidedPositive) {
        long p = Math.round(Math.min(1, Math.max(0, probability)) * ONE);
        if (decidedPositive) {
            truePositives += p;
            falsePositives += ONE - p;
        } else {
            falseNegatives += p;
            trueNegatives += ONE - p;
        }
        int bin = PerformanceWindow.scoreBin(score);
        positiveWeight[bin] += p;
        negativeWeight[bin] += ONE - p;
    }

    void merge(ExpectedOutcomes other) {
        truePositives += other.truePositives;
        falsePositives += other.falsePositives;
        falseNegatives += other.falseNegatives;
        trueNegatives += other.trueNegatives;
        for (int i = 0; i < positiveWeight.length; i++) {
            positiveWeight[i] += other.positiveWeight[i];
            negativeWeight[i] += other.negativeWeight[i];
        }
    }

    /** Predictions estimated (those that had a calibration when they were counted). */
    long events() {
        return (truePositives + falsePositives + falseNegatives + trueNegatives) / ONE;
    }

    double accuracy() {
        long n = truePositives + falsePositives + falseNegatives + trueNegatives;
        return n == 0 ? Double.NaN : (truePositives + trueNegatives) / (double) n;
    }

    double precision() {
        long decided = truePositives + falsePositives;
        return decided == 0 ? Double.NaN : truePositives / (double) decided;
    }

    double recall() {
        long positives = truePositives + falseNegatives;
        return positives == 0 ? Double.NaN : truePositives / (double) positives;
    }

    double auc() {
        return BinnedRoc.auc(positiveWeight, negativeWeight);
    }

    void writeTo(DataOutput out) throws IOException {
        out.writeLong(truePositives);
        out.writeLong(falsePositives);
        out.writeLong(falseNegatives);
        out.writeLong(trueNegatives);
        StateFormat.writeLongs(out, positiveWeight);
        StateFormat.writeLongs(out, negativeWeight);
    }

    static ExpectedOutcomes readFrom(DataInput in) throws IOException {
        ExpectedOutcomes e = new ExpectedOutcomes();
        e.truePositives = in.readLong();
        e.falsePositives = in.readLong();
        e.falseNegatives = in.readLong();
        e.trueNegatives = in.readLong();
        long[] positive = StateFormat.readLongs(in);
        long[] negative = StateFormat.readLongs(in);
        if (positive.length != e.positiveWeight.length || negative.length != e.negativeWeight.length) {
            throw new IOException("Corrupt expected outcomes: " + positive.length + " and " + negative.length + " score bins");
        }
        System.arraycopy(positive, 0, e.positiveWeight, 0, positive.length);
        System.arraycopy(negative, 0, e.negativeWeight, 0, negative.length);
        return e;
    }
}
