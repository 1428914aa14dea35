package dev.streamscore.model.features;

/**
 * What is done to a numeric value before the model sees it. {@code LOG1P} is the signed
 * {@code sign(v) * log(1 + |v|)}, defined for every real value, which tames long-tailed amounts.
 * The standardizing transforms subtract the training mean and divide by the training standard
 * deviation, both fitted by the trainer and stored in the spec.
 */
public enum NumericTransform {
    NONE,
    LOG1P,
    STANDARDIZE,
    LOG1P_STANDARDIZE;

    boolean standardizes() {
        return this == STANDARDIZE || this == LOG1P_STANDARDIZE;
    }

    /** The value before standardizing. */
    double base(double value) {
        return this == LOG1P || this == LOG1P_STANDARDIZE ? Math.signum(value) * Math.log1p(Math.abs(value)) : value;
    }
}
