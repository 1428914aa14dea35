package dev.streamscore.model.card;

import java.util.Map;

/**
 * The training data's profile, the baseline drift-stream compares each live window with.
 *
 * @param sampleSize     records profiled
 * @param labelRate      share of positive labels
 * @param features       per feature name
 * @param scoreHistogram the model's scores on the holdout set, on 20 equal bins over [0, 1]
 * @param segments       per segment attribute (the event spec's attributes), per value with enough
 *                       training records: that segment's own profile; empty for cards without them
 */
public record TrainingProfile(long sampleSize, double labelRate, Map<String, FeatureProfile> features,
        Histogram scoreHistogram, Map<String, Map<String, SegmentProfile>> segments) {
    public TrainingProfile {
        features = Map.copyOf(features);
        segments = segments == null ? Map.of() : Map.copyOf(segments);
    }

    /** A profile without segment profiles. */
    public TrainingProfile(long sampleSize, double labelRate, Map<String, FeatureProfile> features,
            Histogram scoreHistogram) {
        this(sampleSize, labelRate, features, scoreHistogram, Map.of());
    }

    /** The profile of the segment {@code field=value}, or null when training had too few of its records. */
    public SegmentProfile segment(String field, String value) {
        Map<String, SegmentProfile> values = segments.get(field);
        return values == null ? null : values.get(value);
    }
}
