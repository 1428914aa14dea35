package dev.streamscore.drift.join;

import dev.streamscore.avro.Label;

/**
 * A label the join holds, so that predictions of the event that arrive after it (a lagging
 * scorer, or a second model version) still find it.
 *
 * @param label    the label
 * @param matched  whether any prediction of its event has been seen
 * @param reported whether it has been counted as a label without a prediction
 */
public record PendingLabel(Label label, boolean matched, boolean reported) {
}
