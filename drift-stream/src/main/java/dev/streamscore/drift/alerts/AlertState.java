package dev.streamscore.drift.alerts;

import java.util.Map;
import java.util.TreeMap;

/**
 * The alert engine's memory for one model version, kept in a Kafka Streams store keyed by
 * model@version so hysteresis counts, open alerts and cooldowns survive restarts. Idle rules are
 * dropped, so its size is bounded by the rules that are breaching or firing.
 *
 * @param rules by rule key ({@code kind|metric|feature|segment})
 */
public record AlertState(Map<String, RuleState> rules) {
    public AlertState {
        rules = new TreeMap<>(rules == null ? Map.of() : rules);
    }

    public static AlertState empty() {
        return new AlertState(new TreeMap<>());
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
