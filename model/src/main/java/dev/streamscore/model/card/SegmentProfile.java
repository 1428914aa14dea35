package dev.streamscore.model.card;

import java.util.Map;

/**
 * The training profile of one segment (the records whose attribute {@code field} had one value),
 * so drift-stream can compare a segment's live traffic with that segment's own training data:
 * segments differ from each other by nature, and a shift confined to one of them is diluted in
 * the whole. Numeric features are binned on the edges of the whole profile's histograms, so the
 * live counts of every segment share one set of bins.
 *
 * @param sampleSize training records in the segment
 * @param labelRate  share of positive labels in the segment
 * @param features   per feature name
 */
public record SegmentProfile(long sampleSize, double labelRate, Map<String, FeatureProfile> features) {
    public SegmentProfile {
        features = Map.copyOf(features);
    }
}
