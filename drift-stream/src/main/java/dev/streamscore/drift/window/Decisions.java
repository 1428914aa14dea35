package dev.streamscore.drift.window;

import dev.streamscore.avro.Prediction;
import dev.streamscore.drift.baseline.Baseline;

/** Whether a prediction counts as a positive decision, the same way for every monitor. */
final class Decisions {
    private Decisions() {
    }

    /** The threshold the prediction was decided at: its own, else the card's, else 0.5. */
    static double threshold(Prediction prediction, Baseline baseline) {
        if (prediction.getDecisionThreshold() != null) {
            return prediction.getDecisionThreshold();
        }
        return baseline != null ? baseline.threshold() : 0.5;
    }

    static boolean positive(Prediction prediction, Baseline baseline) {
        return prediction.getScore() >= threshold(prediction, baseline);
    }
}
