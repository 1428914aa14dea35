package dev.streamscore.model.features;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Objects;

/**
 * One model input: where it comes from in the producer's record and how it becomes numbers.
 * Written in the model card, so the trainer and the scorer read the same definition.
 *
 * @param name        the feature's name (in served feature values, metrics and alerts)
 * @param source      field path in the producer's record; dots reach into nested records ({@code device.os})
 * @param type        numeric or categorical
 * @param transform   numeric only: see {@link NumericTransform}
 * @param mean        fitted mean of the base value (standardizing transforms)
 * @param std         fitted standard deviation of the base value (standardizing transforms)
 * @param vocabulary  categorical only: the known categories, one one-hot slot each
 * @param oovBucket   categorical only: one more slot for categories outside the vocabulary; without
 *                    it such an event is rejected
 * @param missing     what to do with a null value
 * @param imputeValue numeric only: the raw value used for a missing one under IMPUTE
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FeatureSpec(
        String name,
        String source,
        FeatureType type,
        NumericTransform transform,
        Double mean,
        Double std,
        List<String> vocabulary,
        Boolean oovBucket,
        MissingPolicy missing,
        Double imputeValue) {

    public FeatureSpec {
        Objects.requireNonNull(name, "feature name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("A feature needs a name");
        }
        if (source == null || source.isBlank()) {
            source = name;
        }
        if (type == null) {
            throw new IllegalArgumentException("Feature '" + name + "': type must be numeric or categorical");
        }
        if (missing == null) {
            missing = MissingPolicy.IMPUTE;
        }
        if (type == FeatureType.NUMERIC) {
            if (transform == null) {
                transform = NumericTransform.NONE;
            }
            if (vocabulary != null) {
                throw new IllegalArgumentException("Feature '" + name + "': a numeric feature has no vocabulary");
            }
            if (std != null && !(std > 0)) {
                throw new IllegalArgumentException("Feature '" + name + "': std must be > 0, was " + std);
            }
        } else {
            if (transform != null && transform != NumericTransform.NONE) {
                throw new IllegalArgumentException("Feature '" + name + "': a categorical feature takes no numeric transform");
            }
            transform = null;
            vocabulary = vocabulary == null ? null : List.copyOf(vocabulary);
            if (oovBucket == null) {
                oovBucket = Boolean.TRUE;
            }
        }
    }

    /** A numeric feature to be fitted by the trainer. */
    public static FeatureSpec numeric(String name, String source, NumericTransform transform, MissingPolicy missing) {
        return new FeatureSpec(name, source, FeatureType.NUMERIC, transform, null, null, null, null, missing, null);
    }

    /** A categorical feature to be fitted by the trainer (vocabulary from the training data). */
    public static FeatureSpec categorical(String name, String source, boolean oovBucket, MissingPolicy missing) {
        return new FeatureSpec(name, source, FeatureType.CATEGORICAL, null, null, null, null, oovBucket, missing, null);
    }

    public FeatureSpec withFit(Double newMean, Double newStd, Double newImpute, List<String> newVocabulary) {
        return new FeatureSpec(name, source, type, transform, newMean, newStd, newVocabulary, oovBucket, missing, newImpute);
    }

    /** Whether everything the vectorizer needs has been fitted. */
    public boolean isFitted() {
        if (type == FeatureType.CATEGORICAL) {
            return vocabulary != null;
        }
        return (!transform.standardizes() || (mean != null && std != null))
                && (missing == MissingPolicy.REJECT || imputeValue != null);
    }

    /** How many vector slots the feature takes. */
    public int width() {
        if (type == FeatureType.NUMERIC) {
            return 1;
        }
        return vocabulary.size() + (Boolean.TRUE.equals(oovBucket) ? 1 : 0);
    }
}
