package dev.streamscore.model.card;

import java.util.List;

/** How the model was trained, so it can be trained again. */
public record TrainingInfo(String data, String labelField, long examples, long holdoutExamples,
        List<Integer> hiddenUnits, float learningRate, int epochs, int batchSize, long seed, long parameters,
        String trainedAt, double finalLoss) {
    public TrainingInfo {
        hiddenUnits = List.copyOf(hiddenUnits);
    }
}
