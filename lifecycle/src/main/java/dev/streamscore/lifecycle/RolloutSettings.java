package dev.streamscore.lifecycle;

/**
 * How a candidate that passed the gate is tried on live traffic: as a shadow, then as a challenger,
 * then promoted to champion, judged at each step on drift-stream's per-version performance windows.
 *
 * @param windows        labeled windows (both versions with an AUC) a step lasts: then the candidate
 *                       is promoted when its mean AUC over them is at least the champion's minus
 *                       {@code maxAucDrop}, and rolled back otherwise
 * @param maxAucDrop     how far below the champion's mean window AUC the candidate's may be
 * @param minAuc         a window in which the candidate's AUC is below this rolls it back at once
 * @param minLabels      a version's window counts only with at least this many labeled pairs
 * @param challengerShare the traffic share the candidate answers as challenger
 */
public record RolloutSettings(int windows, double maxAucDrop, double minAuc, long minLabels, double challengerShare) {
    public static final RolloutSettings DEFAULTS = new RolloutSettings(3, 0.02, GateSettings.DEFAULTS.minAuc(), 100, 0.25);

    public RolloutSettings {
        if (windows < 1) {
            throw new IllegalArgumentException("--live-windows must be at least 1, was " + windows);
        }
        if (!(challengerShare > 0 && challengerShare < 1)) {
            throw new IllegalArgumentException("--challenger-share must be between 0 and 1 (exclusive), was "
                    + challengerShare);
        }
    }
}
