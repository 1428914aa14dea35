package dev.streamscore.model.features;

/** An event that cannot be turned into the model's feature vector; {@link #kind()} says why. */
public class FeatureException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why an event could not be vectorized, in a word for dead-letter headers and metrics. */
    public enum Kind {
        /** The producer's record has no field at the spec's source path: its schema does not fit the model. */
        MISSING_FIELD,
        /** The value is null and the feature's policy is REJECT. */
        MISSING_VALUE,
        /** NaN, an infinity, or text that is not a number, for a numeric feature. */
        INVALID_NUMBER,
        /** A value of a type the feature cannot use (a record where a number is expected, say). */
        WRONG_TYPE,
        /** A category outside the vocabulary, for a feature without an out-of-vocabulary bucket. */
        UNKNOWN_CATEGORY
    }

    private final Kind kind;
    private final String feature;

    public FeatureException(Kind kind, String feature, String message) {
        super("Feature '" + feature + "': " + message);
        this.kind = kind;
        this.feature = feature;
    }

    public Kind kind() {
        return kind;
    }

    public String feature() {
        return feature;
    }
}
