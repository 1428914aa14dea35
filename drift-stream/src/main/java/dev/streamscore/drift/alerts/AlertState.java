package dev.streamscore.drift.alerts;

import java.util.Map;
import java.util.TreeMap;

/**
 * The alert engine's memory for one model version, kept in a Kafka Streams store keyed by
 * model@version so hysteresis counts, open alerts and cooldowns survive restarts. Idle rules are
 * dropped, so its size is bounded by the rules that are breaching or firing.
 *
 * @param rules         by rule key ({@code kind|metric|feature|segment})
 * @param cusums        the sequential sums above 0 ({@link Cusum}), by the rule key of the metric they sum
 * @param lastReport    when (wall clock, epoch ms) the version's latest window result was judged; 0 in
 *                      state written before it was kept
 * @param lastWindowEnd the end of that window (event time, epoch ms)
 */
public record AlertState(Map<String, RuleState> rules, Map<String, Double> cusums, long lastReport,
        long lastWindowEnd) {
    public AlertState {
        rules = new TreeMap<>(rules == null ? Map.of() : rules);
        cusums = new TreeMap<>(cusums == null ? Map.of() : cusums);
    }

    public AlertState(Map<String, RuleState> rules, Map<String, Double> cusums) {
        this(rules, cusums, 0, 0);
    }

    public static AlertState empty() {
        return new AlertState(new TreeMap<>(), new TreeMap<>());
    }

    /** The same memory, with a window result judged at {@code now} (wall clock). */
    public AlertState reported(long now, long windowEnd) {
        return new AlertState(rules, cusums, now, Math.max(lastWindowEnd, windowEnd));
    }

    /** Nothing to remember: no rule breaching or firing and every sequential sum at 0. */
    public boolean isEmpty() {
        return rules.isEmpty() && cusums.isEmpty();
    }

    /** Open alerts, by rule key. */
    public Map<String, RuleState.OpenAlert> openAlerts() {
        Map<String, RuleState.OpenAlert> open = new TreeMap<>();
        rules.forEach((key, state) -> {
            if (state.open() != null) {
                open.put(key, state.open());
            }
        });
        return open;
    }
}
