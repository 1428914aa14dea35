package dev.streamscore.model.training;

import java.util.List;

/**
 * How to train the MLP: hidden layer sizes, Adam's learning rate, epochs, minibatch size, the seed
 * that fixes initial weights and shuffling (so a run can be repeated), and the share of examples
 * held out for the model card's metrics.
 */
public record MlpConfig(List<Integer> hiddenUnits, float learningRate, int epochs, int batchSize, long seed,
        double holdoutShare) {

    public MlpConfig {
        hiddenUnits = List.copyOf(hiddenUnits);
        if (hiddenUnits.stream().anyMatch(u -> u < 1)) {
            throw new IllegalArgumentException("hidden units must be >= 1, got " + hiddenUnits);
        }
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("learning rate must be > 0, got " + learningRate);
        }
        if (epochs < 1 || batchSize < 1) {
            throw new IllegalArgumentException("epochs and batch size must be >= 1");
        }
        if (!(holdoutShare > 0 && holdoutShare < 1)) {
            throw new IllegalArgumentException("holdout share must be between 0 and 1, got " + holdoutShare);
        }
    }

    /** 16-8 hidden units, Adam at 0.005, 8 epochs of minibatches of 128, 20 % holdout. */
    public static MlpConfig defaults(long seed) {
        return new MlpConfig(List.of(16, 8), 0.005f, 8, 128, seed, 0.2);
    }

    public MlpConfig withEpochs(int newEpochs) {
        return new MlpConfig(hiddenUnits, learningRate, newEpochs, batchSize, seed, holdoutShare);
    }
}
