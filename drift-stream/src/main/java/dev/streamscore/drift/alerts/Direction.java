package dev.streamscore.drift.alerts;

/** How a rule reads a metric's value against its thresholds. */
public enum Direction {
    /** Breached when the value exceeds the threshold (distances, shares, gaps). */
    ABOVE,
    /** Breached when |value| exceeds the threshold (signed deltas such as the missing-rate change). */
    ABS_ABOVE,
    /** Breached when the value is below the threshold (ratios such as disparate impact). */
    BELOW,
    /** Breached when the baseline minus the value exceeds the threshold (AUC below the holdout AUC). */
    DROP_FROM_BASELINE,
    /** Breached when the value minus the baseline exceeds the threshold (log loss above the holdout's). */
    RISE_FROM_BASELINE,
    /**
     * A p-value: breached when the Benjamini-Hochberg adjusted p-value (across the window's features
     * for the same test) is below the threshold, and only for windows no larger than the rule set's
     * p-value sample limit.
     */
    P_VALUE
}
