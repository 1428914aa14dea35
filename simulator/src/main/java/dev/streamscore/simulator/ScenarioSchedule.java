package dev.streamscore.simulator;

import dev.streamscore.config.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Which {@link Scenario} is in force at each offset from the stream start (in event time: the
 * offset of an event is its {@code event_time} minus the configured start). Written as a
 * comma-separated list of {@code scenario@offset}, e.g. {@code stationary,covariate_shift@2m,stationary@5m};
 * the first entry may omit its offset (it starts at 0). Before the first entry, if that starts
 * later than 0, the world is {@link Scenario#STATIONARY}.
 *
 * @param phases the switches, by strictly increasing offset, the first at offset 0
 */
public record ScenarioSchedule(List<Phase> phases) {

    /** From {@code offset} on (until the next phase), {@code scenario} is in force. */
    public record Phase(Duration offset, Scenario scenario) {
        public Phase {
            Objects.requireNonNull(offset, "offset");
            Objects.requireNonNull(scenario, "scenario");
            if (offset.isNegative()) {
                throw new IllegalArgumentException("phase offset must not be negative, got " + offset);
            }
        }

        @Override
        public String toString() {
            return scenario.wireName() + "@" + Durations.format(offset);
        }
    }

    public ScenarioSchedule {
        Objects.requireNonNull(phases, "phases");
        if (phases.isEmpty()) {
            throw new IllegalArgumentException("a schedule needs at least one phase");
        }
        List<Phase> normalized = new ArrayList<>(phases.size() + 1);
        if (!phases.get(0).offset().isZero()) {
            normalized.add(new Phase(Duration.ZERO, Scenario.STATIONARY));
        }
        for (Phase phase : phases) {
            Phase previous = normalized.isEmpty() ? null : normalized.get(normalized.size() - 1);
            if (previous != null && phase.offset().compareTo(previous.offset()) <= 0) {
                throw new IllegalArgumentException("phase '" + phase + "' must start after the previous one ('"
                        + previous + "')");
            }
            normalized.add(phase);
        }
        phases = List.copyOf(normalized);
    }

    /** Stationary throughout: the default. */
    public static ScenarioSchedule stationary() {
        return of(Scenario.STATIONARY);
    }

    /** One scenario from the start. */
    public static ScenarioSchedule of(Scenario scenario) {
        return new ScenarioSchedule(List.of(new Phase(Duration.ZERO, scenario)));
    }

    /** {@link Scenario#STATIONARY} until {@code offset}, then {@code scenario}. */
    public static ScenarioSchedule switchingTo(Scenario scenario, Duration offset) {
        return new ScenarioSchedule(List.of(new Phase(offset, scenario)));
    }

    /**
     * Parses {@code name[@offset],name@offset,...}. Names as in {@link Scenario#fromName}; offsets as
     * {@code 500ms}, {@code 90s}, {@code 2m}, {@code 1h}, {@code 1d} or ISO-8601. A blank string is
     * {@link #stationary()}.
     *
     * @throws IllegalArgumentException naming the token that is wrong and why
     */
    public static ScenarioSchedule parse(String text) {
        if (text == null || text.isBlank()) {
            return stationary();
        }
        String[] tokens = text.split(",", -1);
        List<Phase> phases = new ArrayList<>(tokens.length);
        for (int i = 0; i < tokens.length; i++) {
            String token = tokens[i].strip();
            if (token.isEmpty()) {
                throw new IllegalArgumentException("bad scenario schedule '" + text + "': entry " + (i + 1) + " is empty");
            }
            int at = token.indexOf('@');
            String name = at < 0 ? token : token.substring(0, at);
            Scenario scenario;
            Duration offset;
            try {
                scenario = Scenario.fromName(name);
                if (at < 0) {
                    if (i > 0) {
                        throw new IllegalArgumentException("only the first scenario may omit its offset (e.g. "
                                + scenario.wireName() + "@2m)");
                    }
                    offset = Duration.ZERO;
                } else {
                    offset = Durations.parse(token.substring(at + 1));
                }
                if (!phases.isEmpty() && offset.compareTo(phases.get(phases.size() - 1).offset()) <= 0) {
                    throw new IllegalArgumentException("its offset must be after the previous entry's ("
                            + Durations.format(phases.get(phases.size() - 1).offset()) + ")");
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("bad scenario schedule '" + text + "' at '" + token + "': "
                        + e.getMessage(), e);
            }
            phases.add(new Phase(offset, scenario));
        }
        return new ScenarioSchedule(phases);
    }

    /** The scenario in force at {@code offset} from the stream start. */
    public Scenario scenarioAt(Duration offset) {
        Scenario current = phases.get(0).scenario();
        for (Phase phase : phases) {
            if (phase.offset().compareTo(offset) > 0) {
                break;
            }
            current = phase.scenario();
        }
        return current;
    }

    /** The schedule in the form {@link #parse} reads, e.g. {@code stationary@0s,covariate_shift@2m}. */
    @Override
    public String toString() {
        return phases.stream().map(Phase::toString).collect(Collectors.joining(","));
    }
}
