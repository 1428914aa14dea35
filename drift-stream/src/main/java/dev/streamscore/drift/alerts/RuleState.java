package dev.streamscore.drift.alerts;

/**
 * What the engine remembers about one model/kind/metric/feature/segment between windows.
 *
 * @param breaches      consecutive breaching windows so far
 * @param streakStart   start of the first window of the current breach streak (epoch ms)
 * @param cleans        consecutive clean windows so far
 * @param open          the firing alert, or null
 * @param cooldownUntil event time (epoch ms, a window end) before which no new alert fires
 */
public record RuleState(int breaches, long streakStart, int cleans, OpenAlert open, long cooldownUntil) {
    public static final RuleState INITIAL = new RuleState(0, 0, 0, null, Long.MIN_VALUE);

    /**
     * A firing alert.
     *
     * @param alertId   stable id shared by its FIRING and RESOLVED records
     * @param severity  current severity (it can escalate while open)
     * @param rule      the rule's name
     * @param threshold the threshold of the current severity
     * @param since     start of the first window of the breach streak that raised it
     * @param message   the message of its latest FIRING record (null in state written before it was kept)
     */
    public record OpenAlert(String alertId, AlertSeverity severity, String rule, double threshold, long since,
            String message) {
        public OpenAlert(String alertId, AlertSeverity severity, String rule, double threshold, long since) {
            this(alertId, severity, rule, threshold, since, null);
        }
    }

    /** Whether the state carries nothing worth keeping once {@code time} is reached. */
    boolean idleAt(long time) {
        return open == null && breaches == 0 && cooldownUntil <= time;
    }
}
