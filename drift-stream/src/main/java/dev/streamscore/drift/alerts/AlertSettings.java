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
 * @param idleResolve    a model version with no window result for this long (wall clock) no longer
 *                       scores (retired, replaced, or its traffic stopped): its open alerts are
 *                       resolved and its rule state forgotten, so they do not stay open forever
 *                       (15 minutes by default, longer than the default label delay; zero: never)
 */
public record AlertSettings(int raiseAfter, int clearAfter, Duration cooldown, long pValueMaxSample,
        Duration idleResolve) {
    public static final Duration DEFAULT_IDLE_RESOLVE = Duration.ofMinutes(15);
    public static final AlertSettings DEFAULTS = new AlertSettings(2, 2, Duration.ofMinutes(5), 5_000,
            DEFAULT_IDLE_RESOLVE);

    public AlertSettings(int raiseAfter, int clearAfter, Duration cooldown, long pValueMaxSample) {
        this(raiseAfter, clearAfter, cooldown, pValueMaxSample, DEFAULT_IDLE_RESOLVE);
    }

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
        if (idleResolve.isNegative()) {
            throw new IllegalArgumentException("alert-idle-resolve must not be negative, was " + idleResolve);
        }
        if (pValueMaxSample < 1) {
            throw new IllegalArgumentException("alert-pvalue-max-sample must be >= 1, was " + pValueMaxSample);
        }
    }
}
