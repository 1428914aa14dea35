package dev.streamscore.model.card;

/**
 * Maps the model's score to the probability that the label is positive, fitted on the holdout set
 * when the model is trained (Platt scaling: a logistic regression of the label on the score's
 * log-odds). Drift-stream uses it to estimate a window's performance from its scores before the
 * labels arrive (confidence-based performance estimation, as NannyML's CBPE), which is only as good
 * as the calibration: the card keeps how many holdout records it was fitted on.
 *
 * @param slope     a in p = 1 / (1 + exp(-(a * logit(score) + b)))
 * @param intercept b
 * @param examples  holdout records it was fitted on
 */
public record Calibration(double slope, double intercept, long examples) {
    private static final double EPSILON = 1e-7;
    private static final int MAX_ITERATIONS = 100;

    /** The identity: the score taken as a probability. */
    public static final Calibration IDENTITY = new Calibration(1, 0, 0);

    public Calibration {
        if (!Double.isFinite(slope) || !Double.isFinite(intercept)) {
            throw new IllegalArgumentException("model card: calibration slope and intercept must be finite, were "
                    + slope + " and " + intercept);
        }
    }

    /** The calibrated probability of a positive label for {@code score}. */
    public double probability(double score) {
        return sigmoid(slope * logit(score) + intercept);
    }

    /**
     * Platt's fit on {@code scores} and their {@code labels}, by Newton's method on the log loss,
     * with Platt's smoothed targets so that a separable holdout gives finite parameters. The
     * identity when the holdout has only one class.
     */
    public static Calibration fit(float[] scores, float[] labels) {
        int n = scores.length;
        long positives = 0;
        for (float label : labels) {
            positives += label > 0.5f ? 1 : 0;
        }
        if (n == 0 || positives == 0 || positives == n) {
            return new Calibration(1, 0, n);
        }
        double high = (positives + 1.0) / (positives + 2.0);
        double low = 1.0 / (n - positives + 2.0);
        double[] z = new double[n];
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            z[i] = logit(scores[i]);
            t[i] = labels[i] > 0.5f ? high : low;
        }
        double a = 1;
        double b = 0;
        double loss = loss(z, t, a, b);
        for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
            double ga = 0;
            double gb = 0;
            double haa = 1e-12;
            double hab = 0;
            double hbb = 1e-12;
            for (int i = 0; i < n; i++) {
                double p = sigmoid(a * z[i] + b);
                double d = p - t[i];
                double w = p * (1 - p);
                ga += d * z[i];
                gb += d;
                haa += w * z[i] * z[i];
                hab += w * z[i];
                hbb += w;
            }
            double det = haa * hbb - hab * hab;
            if (!(det > 0) || Math.abs(ga) + Math.abs(gb) < 1e-9 * n) {
                break;
            }
            double stepA = (hbb * ga - hab * gb) / det;
            double stepB = (haa * gb - hab * ga) / det;
            // Newton's step, halved until the loss falls (Lin, Lin and Weng's safeguarded Platt fit).
            double size = 1;
            double nextLoss = loss(z, t, a - stepA, b - stepB);
            while (!(nextLoss < loss) && size > 1e-10) {
                size /= 2;
                nextLoss = loss(z, t, a - size * stepA, b - size * stepB);
            }
            if (!(nextLoss < loss)) {
                break;
            }
            a -= size * stepA;
            b -= size * stepB;
            loss = nextLoss;
        }
        return Double.isFinite(a) && Double.isFinite(b) ? new Calibration(a, b, n) : new Calibration(1, 0, n);
    }

    /** Cross-entropy of sigmoid(a * z + b) against the targets, in a form that does not overflow. */
    private static double loss(double[] z, double[] t, double a, double b) {
        double sum = 0;
        for (int i = 0; i < z.length; i++) {
            double x = a * z[i] + b;
            // log(1 + e^x) - t * x, computed stably on both sides of 0.
            sum += (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x))) - t[i] * x;
        }
        return sum;
    }

    private static double logit(double score) {
        double p = Math.min(1 - EPSILON, Math.max(EPSILON, score));
        return Math.log(p / (1 - p));
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }
}
