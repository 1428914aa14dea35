package dev.streamscore.drift.join;

import dev.streamscore.avro.Label;
import dev.streamscore.avro.Prediction;
import dev.streamscore.drift.watermark.InputProgress;

/**
 * A prediction or a label on its way to the join, keyed by event id, or the progress of one input
 * partition (sent to every join task). Both sides travel through one repartition topic, so they are
 * co-partitioned by construction whatever the partition counts of the predictions and labels
 * topics, and each join task sees every input partition's progress after that partition's records.
 */
public record JoinInput(Prediction prediction, Label label, InputProgress progress) {
    public JoinInput {
        int set = (prediction == null ? 0 : 1) + (label == null ? 0 : 1) + (progress == null ? 0 : 1);
        if (set != 1) {
            throw new IllegalArgumentException("A join input is either a prediction, a label or progress");
        }
    }

    public static JoinInput of(Prediction prediction) {
        return new JoinInput(prediction, null, null);
    }

    public static JoinInput of(Label label) {
        return new JoinInput(null, label, null);
    }

    public static JoinInput of(InputProgress progress) {
        return new JoinInput(null, null, progress);
    }

    public boolean isPrediction() {
        return prediction != null;
    }

    public boolean isLabel() {
        return label != null;
    }

    public boolean isProgress() {
        return progress != null;
    }
}
