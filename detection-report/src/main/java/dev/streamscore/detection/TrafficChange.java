package dev.streamscore.detection;

import dev.streamscore.avro.Label;
import dev.streamscore.avro.Prediction;
import dev.streamscore.demo.Transaction;
import java.util.SplittableRandom;

/**
 * A drift applied to one event of the stationary stream from the onset window on: to the
 * transaction before the model scores it (the served features change, and with them the score),
 * and to the prediction and label after scoring (what the model's scores mean changes). Both draw
 * from the run's own random stream, so a report is the same on every run.
 */
public interface TrafficChange {
    /** The transaction as the producer sends it under this drift; the default changes nothing. */
    default Transaction transaction(Transaction stationary, SplittableRandom random) {
        return stationary;
    }

    /** Changes the scored prediction or its label in place; the default changes nothing. */
    default void outcome(Prediction prediction, Label label, SplittableRandom random) {
    }

    /** One sentence for the report: what exactly is changed. */
    String describe();

    /** The stationary stream itself. */
    TrafficChange NONE = () -> "nothing changed";
}
