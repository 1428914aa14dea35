package dev.streamscore.model.features;

/** Whether a feature is a number or a category. */
public enum FeatureType {
    NUMERIC,
    CATEGORICAL
}
