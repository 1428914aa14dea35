package dev.streamscore.model.card;

import java.util.Map;

/**
 * The training data's profile, the baseline drift-stream compares each live window with.
 *
 * @param sampleSize     records profiled
 * @param labelRate      share of positive labels
 * @param features       per feature name
 * @param scoreHistogram the model's scores on the holdout set, on 20 equal bins over [0, 1]
 */
public record TrainingProfile(long sampleSize, double labelRate, Map<String, FeatureProfile> features,
        Histogram scoreHistogram) {
    public TrainingProfile {
        features = Map.copyOf(features);
    }
}
