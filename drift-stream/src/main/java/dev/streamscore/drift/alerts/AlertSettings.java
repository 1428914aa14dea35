package dev.streamscore.drift.alerts;

import java.time.Duration;

/**
 * How rules turn breaches into alerts, for all rules.
 *
 * @param raiseAfter     consecutive breaching windows before an alert fires (hysteresis; 2 by default,
 *                       so one noisy window raises nothing)
 * @param clearAfter     consecutive clean windows before a firing alert resolves (2 by default)
 * @param cooldown       after an alert resolves, the same rule does not fire again until this much
 *                       event time has passed (5 minutes by default), so a metric hovering at its
 *                       threshold cannot page every few windows
 * @param pValueMaxSample p-value rules are evaluated only for windows up to this many events: with
 *                       large windows every tiny, harmless shift is "significant" (5,000 by default)
 */
public record AlertSettings(int raiseAfter, int clearAfter, Duration cooldown, long pValueMaxSample) {
    public static final AlertSettings DEFAULTS = new AlertSettings(2, 2, Duration.ofMinutes(5), 5_000);

    public AlertSettings {
        if (raiseAfter < 1) {
            throw new IllegalArgumentException("alert-raise-after must be >= 1, was " + raiseAfter);
        }
        if (clearAfter < 1) {
            throw new IllegalArgumentException("alert-clear-after must be >= 1, was " + clearAfter);
        }
        if (cooldown.isNegative()) {
            throw new IllegalArgumentException("alert-cooldown must not be negative, was " + cooldown);
        }
        if (pValueMaxSample < 1) {
            throw new IllegalArgumentException("alert-pvalue-max-sample must be >= 1, was " + pValueMaxSample);
        }
    }
}
