package dev.streamscore.drift.join;

import dev.streamscore.avro.Label;
import dev.streamscore.avro.Prediction;

/**
 * A prediction or a label on its way to the join, keyed by event id. Both sides travel through one
 * repartition topic, so they are co-partitioned by construction whatever the partition counts of
 * the predictions and labels topics.
 */
public record JoinInput(Prediction prediction, Label label) {
    public JoinInput {
        if ((prediction == null) == (label == null)) {
            throw new IllegalArgumentException("A join input is either a prediction or a label");
        }
    }

    public static JoinInput of(Prediction prediction) {
        return new JoinInput(prediction, null);
    }

    public static JoinInput of(Label label) {
        return new JoinInput(null, label);
    }

    public boolean isPrediction() {
        return prediction != null;
    }
}
