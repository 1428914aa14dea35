package dev.streamscore.detection;

import dev.streamscore.avro.Alert;
import java.util.function.Predicate;

/**
 * One drift kind at one size: how the traffic changes, for how many windows it runs, which alerts
 * count as detecting it, the metric that shows its achieved size, and the target, if the issue sets one.
 *
 * @param kind          e.g. "covariate shift"
 * @param size          e.g. "0.5 SD"
 * @param change        the transform of the stationary stream from the onset window on
 * @param driftWindows  drifted windows per run; a seed not detected within them counts as missed
 * @param relevant      the FIRING alerts that count as detecting this drift
 * @param relevantText  the same, in words, for the report
 * @param effect        the metric whose mean over drifted windows (against stationary windows) shows the size achieved
 * @param targetWindows detected within this many windows in at least {@link #TARGET_SHARE} of seeds; 0 when no target
 */
public record DriftCase(String kind, String size, TrafficChange change, int driftWindows, Predicate<Alert> relevant,
        String relevantText, EffectMetric effect, int targetWindows) {
    /** "In at least 95 % of seeds", as the issue sets it for covariate shift; the same bar for every target. */
    public static final double TARGET_SHARE = 0.95;

    public String name() {
        return kind + " " + size;
    }

    public boolean hasTarget() {
        return targetWindows > 0;
    }

    /**
     * The metric (whole traffic or one segment) whose value shows how large the drift came out.
     *
     * @param feature null for model-level metrics
     * @param segment null for the whole traffic
     */
    public record EffectMetric(String kind, String metric, String feature, String segment) {
        public String label() {
            return metric + (feature != null ? "(" + feature + ")" : "") + (segment != null ? " [" + segment + "]" : "");
        }
    }
}
