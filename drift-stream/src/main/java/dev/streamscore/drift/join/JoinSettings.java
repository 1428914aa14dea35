package dev.streamscore.drift.join;

import java.time.Duration;

/**
 * The join's timing, in event time, measured against the watermark (the event time every input
 * partition has been read up to, see {@link dev.streamscore.drift.watermark.Watermark}).
 *
 * @param maxLabelDelay a label joins its prediction when label_time - event_time is at most this
 * @param grace         how far out of order records of one input partition may be; the join waits
 *                      this long past the label delay before it calls a prediction unlabeled or a
 *                      label orphaned
 * @param lateHorizon   how long past its retention a label that joined no prediction is kept, so that
 *                      a prediction arriving late (from an idle or lagging partition) still joins it;
 *                      the windows revise late counts as long
 */
public record JoinSettings(Duration maxLabelDelay, Duration grace, Duration lateHorizon) {
    public JoinSettings {
        if (maxLabelDelay.isNegative() || maxLabelDelay.isZero()) {
            throw new IllegalArgumentException("max-label-delay must be > 0, was " + maxLabelDelay);
        }
        if (grace.isNegative()) {
            throw new IllegalArgumentException("window-grace must not be negative, was " + grace);
        }
        if (lateHorizon.isNegative()) {
            throw new IllegalArgumentException("revision-horizon must not be negative, was " + lateHorizon);
        }
    }

    /**
     * How long predictions are held: the label delay and grace, then as long again so that a label
     * arriving up to twice the maximum delay is recognised as late (not as a label without a
     * prediction), and so that duplicates are recognised that long.
     */
    public Duration predictionRetention() {
        return maxLabelDelay.multipliedBy(2).plus(grace);
    }

    /** How long labels are held for predictions that arrive after them. */
    public Duration labelRetention() {
        return maxLabelDelay.plus(grace.multipliedBy(2));
    }

    /** How long a label that joined no prediction is held, for a prediction that arrives late. */
    public Duration unmatchedLabelRetention() {
        return labelRetention().plus(lateHorizon);
    }

    /**
     * How long after its end a window over prediction event time waits: a prediction's outcome is
     * final (labeled, or unlabeled) once the watermark passes its event time plus the delay and grace.
     */
    public Duration outcomeGrace() {
        return maxLabelDelay.plus(grace);
    }
}
