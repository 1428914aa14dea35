package dev.streamscore.lifecycle;

import dev.streamscore.avro.LabeledPrediction;
import dev.streamscore.model.card.ModelCard;
import dev.streamscore.model.card.TrainingInfo;
import dev.streamscore.model.features.FeatureSpec;
import dev.streamscore.model.features.FieldReader;
import dev.streamscore.model.features.MapFieldReader;
import dev.streamscore.model.training.TrainingSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Labeled pairs as training examples for the champion's own feature spec. A pair carries the raw
 * value the scorer served for each feature (by feature name) and the event's attributes (by field),
 * so an example puts each value back at the field its feature reads ({@link FeatureSpec#source()}):
 * the candidate is trained on exactly what was served, and reads live events as the champion does.
 */
public final class RetrainingExamples {
    /** The label's field in an example; a name no event field can have. */
    static final String LABEL_FIELD = "__streamscore_label";

    private RetrainingExamples() {
    }

    public static FieldReader example(LabeledPrediction pair, ModelCard champion) {
        // Attributes first: a field that is both an attribute and a feature keeps the value served.
        Map<String, Object> values = new HashMap<>(pair.getPrediction().getAttributes());
        Map<String, Object> served = pair.getPrediction().getFeatures();
        for (FeatureSpec feature : champion.features()) {
            // A value served as missing is there as null, so the feature's missing policy applies to it.
            if (served.containsKey(feature.name())) {
                Object value = served.get(feature.name());
                values.put(feature.source(), value instanceof CharSequence text ? text.toString() : value);
            }
        }
        values.put(LABEL_FIELD, pair.getLabel().getLabel());
        return new MapFieldReader(values);
    }

    public static List<FieldReader> examples(List<LabeledPrediction> pairs, ModelCard champion) {
        return pairs.stream().map(p -> example(p, champion)).toList();
    }

    /**
     * The champion's training spec for new data: the same features, transforms, missing-value
     * policies, event attributes, classes and network; every fitted parameter (means, standard
     * deviations, impute medians, vocabularies) and the decision threshold are fitted again.
     */
    public static TrainingSpec spec(ModelCard champion) {
        List<FeatureSpec> unfitted = champion.features().stream().map(f -> f.withFit(null, null, null, null)).toList();
        TrainingInfo training = champion.training();
        return new TrainingSpec(champion.name(), champion.description(), LABEL_FIELD, champion.event(), unfitted,
                champion.output().positiveClass(), champion.output().negativeClass(), null,
                training == null ? null : training.hiddenUnits(),
                training == null ? null : training.learningRate(),
                training == null ? null : training.epochs(),
                training == null ? null : training.batchSize(),
                null);
    }
}
