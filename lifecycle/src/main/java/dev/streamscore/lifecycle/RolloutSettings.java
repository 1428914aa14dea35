package dev.streamscore.lifecycle;

/**
 * How a candidate that passed the gate is tried on live traffic: as a shadow, then as a challenger,
 * then promoted to champion, judged at each step on drift-stream's per-version performance windows.
 *
 * @param windows        labeled windows (both versions with an AUC) a step lasts at least: from then
 *                       on the candidate is promoted once its mean AUC over them is, with 95 %
 *                       confidence, no more than {@code maxAucDrop} below the champion's, and rolled
 *                       back once it is, with that confidence, further below (see {@link LiveJudge})
 * @param maxWindows     windows a step lasts at most: a candidate not shown no worse by then is rolled back
 * @param maxAucDrop     how far below the champion's mean window AUC the candidate's may be
 * @param minAuc         a candidate whose AUC over its windows so far is, with 95 % confidence, below
 *                       this is rolled back at once
 * @param minLabels      a version's window counts only with at least this many labeled pairs
 * @param challengerShare the traffic share the candidate answers as challenger
 */
public record RolloutSettings(int windows, int maxWindows, double maxAucDrop, double minAuc, long minLabels, double challengerShare) {
    public static final RolloutSettings DEFAULTS = new RolloutSettings(3, 20, 0.02, GateSettings.DEFAULTS.minAuc(), 100, 0.25);

    public RolloutSettings {
        if (windows < 1) {
            throw new IllegalArgumentException("--live-windows must be at least 1, was " + windows);
        }
        if (maxWindows < windows) {
            throw new IllegalArgumentException("--max-live-windows (" + maxWindows
                    + ") must be at least --live-windows (" + windows + ")");
        }
        if (!(challengerShare > 0 && challengerShare < 1)) {
            throw new IllegalArgumentException("--challenger-share must be between 0 and 1 (exclusive), was "
                    + challengerShare);
        }
    }
}
