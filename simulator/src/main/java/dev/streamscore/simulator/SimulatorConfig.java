package dev.streamscore.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What the simulated world looks like, for both training files and live streams. Two generators
 * with equal configs produce identical transactions, labels and delays.
 *
 * @param seed             the seed of every random draw (cards, transactions, labels)
 * @param eventsPerSecond  event-time spacing: event {@code i} happens at {@code startTime + i / eventsPerSecond};
 *                         a live stream also sends at this rate
 * @param startTime        the {@code event_time} of the first event, and the origin of schedule offsets
 * @param schedule         which scenario is in force at which offset
 * @param labelDelayMedian median time from a transaction to its label, in simulated time (lognormal)
 * @param fraudRate        target fraud rate of the stationary world; the hidden fraud function's
 *                         intercept is calibrated to it
 * @param cardCount        size of the card population
 */
public record SimulatorConfig(
        long seed,
        double eventsPerSecond,
        Instant startTime,
        ScenarioSchedule schedule,
        Duration labelDelayMedian,
        double fraudRate,
        int cardCount) {

    public static final long DEFAULT_SEED = 42L;
    public static final double DEFAULT_EVENTS_PER_SECOND = 100.0;
    /** A fixed instant, so training files are identical whenever they are written. */
    public static final Instant DEFAULT_START_TIME = Instant.parse("2026-01-01T00:00:00Z");
    /**
     * A few minutes: long enough that a live demo shows predictions waiting for their labels and
     * the join's window at work, short enough that performance metrics appear within a demo. Real
     * chargebacks take weeks; set a longer median (and a time compression) to mimic them.
     */
    public static final Duration DEFAULT_LABEL_DELAY_MEDIAN = Duration.ofMinutes(3);
    public static final double DEFAULT_FRAUD_RATE = 0.025;
    /**
     * Large enough that streams of different seeds are samples of one world: with a few thousand
     * cards, each seed's population differs visibly within a segment (the 10 % business cards'
     * ages, say), which per-segment drift monitoring rightly reports as drift.
     */
    public static final int DEFAULT_CARD_COUNT = 50_000;

    public SimulatorConfig {
        Objects.requireNonNull(startTime, "startTime");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(labelDelayMedian, "labelDelayMedian");
        if (!(eventsPerSecond > 0) || Double.isInfinite(eventsPerSecond)) {
            throw new IllegalArgumentException("eventsPerSecond must be a positive number, got " + eventsPerSecond);
        }
        if (labelDelayMedian.isNegative() || labelDelayMedian.isZero()) {
            throw new IllegalArgumentException("labelDelayMedian must be positive, got " + labelDelayMedian);
        }
        if (!(fraudRate > 0 && fraudRate < 0.5)) {
            throw new IllegalArgumentException("fraudRate must be in (0, 0.5), got " + fraudRate);
        }
        if (cardCount < 1) {
            throw new IllegalArgumentException("cardCount must be at least 1, got " + cardCount);
        }
    }

    /** Every default: seed 42, 100 events/s from 2026-01-01T00:00Z, stationary, 3 min label delay, 2.5 % fraud, 50,000 cards. */
    public static SimulatorConfig defaults() {
        return new SimulatorConfig(DEFAULT_SEED, DEFAULT_EVENTS_PER_SECOND, DEFAULT_START_TIME,
                ScenarioSchedule.stationary(), DEFAULT_LABEL_DELAY_MEDIAN, DEFAULT_FRAUD_RATE, DEFAULT_CARD_COUNT);
    }

    public SimulatorConfig withSeed(long value) {
        return new SimulatorConfig(value, eventsPerSecond, startTime, schedule, labelDelayMedian, fraudRate, cardCount);
    }

    public SimulatorConfig withEventsPerSecond(double value) {
        return new SimulatorConfig(seed, value, startTime, schedule, labelDelayMedian, fraudRate, cardCount);
    }

    public SimulatorConfig withStartTime(Instant value) {
        return new SimulatorConfig(seed, eventsPerSecond, value, schedule, labelDelayMedian, fraudRate, cardCount);
    }

    public SimulatorConfig withSchedule(ScenarioSchedule value) {
        return new SimulatorConfig(seed, eventsPerSecond, startTime, value, labelDelayMedian, fraudRate, cardCount);
    }

    public SimulatorConfig withLabelDelayMedian(Duration value) {
        return new SimulatorConfig(seed, eventsPerSecond, startTime, schedule, value, fraudRate, cardCount);
    }

    public SimulatorConfig withFraudRate(double value) {
        return new SimulatorConfig(seed, eventsPerSecond, startTime, schedule, labelDelayMedian, value, cardCount);
    }

    public SimulatorConfig withCardCount(int value) {
        return new SimulatorConfig(seed, eventsPerSecond, startTime, schedule, labelDelayMedian, fraudRate, value);
    }
}
