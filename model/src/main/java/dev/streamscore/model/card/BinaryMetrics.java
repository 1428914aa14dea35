package dev.streamscore.model.card;

import java.util.Arrays;

/**
 * Quality of a binary classifier on labelled examples, as the model card reports it for the
 * holdout set and drift-stream for live windows.
 *
 * @param examples  labelled examples
 * @param positives examples whose label is positive
 * @param auc       area under the ROC curve (ties counted half); NaN with only one class
 * @param logLoss   mean binary cross-entropy, scores clipped to [1e-7, 1 - 1e-7]
 * @param brier     mean squared error of the score
 * @param threshold decision threshold the next three are taken at
 * @param accuracy  share of correct decisions
 * @param precision share of positive decisions that are positive; NaN without positive decisions
 * @param recall    share of positives decided positive; NaN without positives
 */
public record BinaryMetrics(long examples, long positives, double auc, double logLoss, double brier, double threshold,
        double accuracy, double precision, double recall) {

    private static final double EPSILON = 1e-7;

    public static BinaryMetrics of(float[] scores, float[] labels, double threshold) {
        int n = scores.length;
        if (n != labels.length) {
            throw new IllegalArgumentException(n + " scores but " + labels.length + " labels");
        }
        long positives = 0;
        long tp = 0;
        long fp = 0;
        long correct = 0;
        double logLoss = 0;
        double brier = 0;
        for (int i = 0; i < n; i++) {
            boolean positive = labels[i] > 0.5f;
            boolean decided = scores[i] >= threshold;
            positives += positive ? 1 : 0;
            tp += positive && decided ? 1 : 0;
            fp += !positive && decided ? 1 : 0;
            correct += positive == decided ? 1 : 0;
            double p = Math.min(1 - EPSILON, Math.max(EPSILON, scores[i]));
            logLoss -= positive ? Math.log(p) : Math.log(1 - p);
            double error = scores[i] - (positive ? 1 : 0);
            brier += error * error;
        }
        return new BinaryMetrics(n, positives, auc(scores, labels, positives), n == 0 ? Double.NaN : logLoss / n,
                n == 0 ? Double.NaN : brier / n, threshold, n == 0 ? Double.NaN : correct / (double) n,
                tp + fp == 0 ? Double.NaN : tp / (double) (tp + fp),
                positives == 0 ? Double.NaN : tp / (double) positives);
    }

    /** Rank-based AUC (the Mann-Whitney statistic), with tied scores given their mean rank. */
    static double auc(float[] scores, float[] labels, long positives) {
        int n = scores.length;
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Float.compare(scores[a], scores[b]));
        double positiveRankSum = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            double meanRank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                if (labels[order[k]] > 0.5f) {
                    positiveRankSum += meanRank;
                }
            }
            i = j + 1;
        }
        return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }
}
