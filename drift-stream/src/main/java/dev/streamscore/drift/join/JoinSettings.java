package dev.streamscore.drift.join;

import java.time.Duration;

/**
 * The join's timing, in event time.
 *
 * @param maxLabelDelay a label joins its prediction when label_time - event_time is at most this
 * @param grace         how long past that the join waits for stragglers (out-of-order records,
 *                      a lagging scorer) before it calls a prediction unlabeled or a label orphaned;
 *                      also how often it sweeps for those
 */
public record JoinSettings(Duration maxLabelDelay, Duration grace) {
    public JoinSettings {
        if (maxLabelDelay.isNegative() || maxLabelDelay.isZero()) {
            throw new IllegalArgumentException("max-label-delay must be > 0, was " + maxLabelDelay);
        }
        if (grace.isNegative()) {
            throw new IllegalArgumentException("window-grace must not be negative, was " + grace);
        }
    }

    /** How often the join sweeps for expired predictions and orphaned labels (stream time). */
    public Duration sweepInterval() {
        return grace.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : grace;
    }

    /**
     * How long predictions are held: the label delay and grace, then as long again so that a label
     * arriving up to twice the maximum delay is recognised as late (not as a label without a
     * prediction), and so that duplicates are recognised that long.
     */
    public Duration predictionRetention() {
        return maxLabelDelay.multipliedBy(2).plus(grace).plus(sweepInterval());
    }

    /** How long labels are held for predictions that arrive after them. */
    public Duration labelRetention() {
        return maxLabelDelay.plus(grace.multipliedBy(2)).plus(sweepInterval());
    }

    /**
     * The grace a window over prediction event time needs so that a prediction's final outcome
     * (labeled, or unlabeled at the next sweep after its delay and grace) still falls into it.
     */
    public Duration outcomeGrace() {
        return maxLabelDelay.plus(grace).plus(sweepInterval());
    }
}
