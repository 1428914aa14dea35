package dev.streamscore.drift.window;

import dev.streamscore.avro.Prediction;
import dev.streamscore.drift.baseline.Baseline;
import dev.streamscore.model.card.FeatureProfile;
import dev.streamscore.model.features.FeatureType;
import java.util.Collection;
import java.util.Map;

/**
 * Adds one served prediction to its model version's {@link ServedWindow}. Features are binned on
 * the edges of the baseline the window first saw them with; without a baseline (not published
 * yet, or invalid) only the score, decision and segment counts are kept, since there are no edges
 * to bin on and nothing to compare with. Features the baseline does not profile are ignored.
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
        if (baseline != null) {
            Map<String, Object> served = AvroMaps.stringKeyed(prediction.getFeatures());
            baseline.profile().features().forEach((name, profile) -> addFeature(window, name, profile, served.get(name)));
        }
        Map<String, String> attributes = AvroMaps.stringKeyed(prediction.getAttributes());
        Collection<String> fields = limits.segmentFields().isEmpty() ? attributes.keySet() : limits.segmentFields();
        GroupCounts counts = new GroupCounts(1, positive ? 1 : 0, 0, 0);
        for (String field : fields) {
            window.segmentCounts().add(field, attributes.get(field), counts, limits.maxGroups());
        }
        return window;
    }

    private void addFeature(ServedWindow window, String name, FeatureProfile profile, Object value) {
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
