package dev.streamscore.drift.window;

import dev.streamscore.avro.Prediction;
import dev.streamscore.drift.baseline.Baseline;
import dev.streamscore.model.card.Calibration;
import dev.streamscore.model.card.FeatureProfile;
import dev.streamscore.model.card.SegmentProfile;
import dev.streamscore.model.features.FeatureType;
import java.util.Collection;
import java.util.Map;

/**
 * Adds one served prediction to its model version's {@link ServedWindow}. Features are binned on
 * the edges of the baseline the window first saw them with; without a baseline (not published
 * yet, or invalid) only the score, decision and segment counts are kept, since there are no edges
 * to bin on and nothing to compare with. Features the baseline does not profile are ignored. A
 * prediction in a segment the baseline profiles on its own (see
 * {@link dev.streamscore.model.card.SegmentProfile}) is also counted in that segment's features.
 */
public final class ServedWindowAggregator {
    private final WindowLimits limits;

    public ServedWindowAggregator(WindowLimits limits) {
        this.limits = limits;
    }

    /** Adds {@code prediction} to {@code window} and returns it. {@code baseline} may be null. */
    public ServedWindow add(ServedWindow window, Prediction prediction, Baseline baseline) {
        boolean positive = Decisions.positive(prediction, baseline);
        window.addPrediction(prediction.getScore(), positive);
        Calibration calibration = baseline == null ? null : baseline.card().calibration();
        if (calibration != null) {
            window.expected().add(prediction.getScore(), calibration.probability(prediction.getScore()), positive);
        }
        Map<String, String> attributes = AvroMaps.stringKeyed(prediction.getAttributes());
        if (baseline != null) {
            Map<String, Object> served = AvroMaps.stringKeyed(prediction.getFeatures());
            FeatureCounts all = window.features();
            baseline.profile().features().forEach((name, profile) -> addFeature(all, name, profile, served.get(name)));
            addSegmentFeatures(window, baseline, attributes, served);
        }
        Collection<String> fields = limits.segmentFields().isEmpty() ? attributes.keySet() : limits.segmentFields();
        GroupCounts counts = new GroupCounts(1, positive ? 1 : 0, 0, 0);
        for (String field : fields) {
            window.segmentCounts().add(field, attributes.get(field), counts, limits.maxGroups());
        }
        return window;
    }

    /** The features again into the prediction's segments that have a training profile of their own. */
    private void addSegmentFeatures(ServedWindow window, Baseline baseline, Map<String, String> attributes,
            Map<String, Object> served) {
        baseline.profile().segments().forEach((field, profiles) -> {
            if (!limits.segmentFields().isEmpty() && !limits.segmentFields().contains(field)) {
                return;
            }
            String value = attributes.get(field);
            SegmentProfile segment = value == null ? null : profiles.get(value);
            if (segment != null) {
                FeatureCounts counts = window.segmentFeatures(field + "=" + value);
                segment.features().forEach((name, profile) -> addFeature(counts, name, profile, served.get(name)));
            }
        });
    }

    private void addFeature(FeatureCounts window, String name, FeatureProfile profile, Object value) {
        if (profile.type() == FeatureType.NUMERIC) {
            if (profile.histogram() == null) {
                return;
            }
            NumericFeatureCounts counts = window.numeric(name, profile.histogram().edges(),
                    profile.min() == null ? Double.NaN : profile.min(), profile.max() == null ? Double.NaN : profile.max());
            if (value == null) {
                counts.addMissing();
            } else if (value instanceof Number number) {
                counts.add(number.doubleValue());
            } else {
                counts.addTypeMismatch();
            }
        } else {
            CategoricalFeatureCounts counts = window.categorical(name);
            if (value == null) {
                counts.addMissing();
            } else if (value instanceof CharSequence category) {
                String text = category.toString();
                boolean seen = profile.frequencies() != null && profile.frequencies().containsKey(text);
                counts.add(text, seen, limits.maxCategories());
            } else {
                counts.addTypeMismatch();
            }
        }
    }
}
