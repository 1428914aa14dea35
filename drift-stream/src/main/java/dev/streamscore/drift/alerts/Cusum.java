package dev.streamscore.drift.alerts;

/**
 * Page's CUSUM for small persistent shifts that no single window shows: each window adds how many
 * standard errors its value is worse than the reference, less an allowance of {@link #ALLOWANCE};
 * the sum never goes below 0, and a sum above the rule's threshold (default {@link #THRESHOLD})
 * is a shift. With standard normal steps (no shift) the sum first passes 8 after about 16,000
 * windows on average (one false alarm per 16,000 windows per series); a persistent shift of 0.5,
 * 1 and 2 standard errors passes it after about 80, 17 and 6 windows (simulated, pinned by
 * {@code CusumTest}). A window-by-window threshold never sees a 1-standard-error shift. The sum is
 * capped at {@link #CAP}, so it falls back below the threshold within about 16 windows once the
 * shift ends, instead of restarting and firing again while it lasts.
 */
public final class Cusum {
    /** k: half the smallest shift (in standard errors) the detector is tuned for. */
    public static final double ALLOWANCE = 0.5;
    /** h: the default alert threshold of the sums. */
    public static final double THRESHOLD = 8;
    public static final double CAP = 2 * THRESHOLD;
    /** Suffix of the metric a sum is reported as: {@code auc_cusum} sums the AUC's drops. */
    public static final String SUFFIX = "_cusum";

    private Cusum() {
    }

    /** The sum after a window whose value is {@code z} standard errors worse than the reference. */
    public static double next(double sum, double z) {
        if (Double.isNaN(z)) {
            return sum;
        }
        return Math.min(CAP, Math.max(0, sum + z - ALLOWANCE));
    }
}
