package dev.streamscore.model.features;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.generic.GenericRecord;

/**
 * Turns one input record into the model's feature vector, by the model card's feature specs. The
 * trainer and the scorer both use this class, so a transform cannot differ between training and
 * serving. Alongside the vector it reports the raw values it served (a Double per numeric feature,
 * a String per categorical one, null when missing), which drift and skew monitoring compare with
 * the training profile.
 *
 * <p>Thread-safe and allocation-light: {@link #vectorize(FieldReader, float[], int, Map)} writes into
 * a caller's buffer.
 */
public final class FeatureVectorizer {
    private final List<FeatureSpec> specs;
    private final List<Map<String, Integer>> slots;
    private final int width;

    public FeatureVectorizer(List<FeatureSpec> specs) {
        if (specs.isEmpty()) {
            throw new IllegalArgumentException("A model needs at least one feature");
        }
        this.specs = List.copyOf(specs);
        int total = 0;
        ArrayList<Map<String, Integer>> categorySlots = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (FeatureSpec spec : this.specs) {
            if (!names.add(spec.name())) {
                throw new IllegalArgumentException("Feature '" + spec.name() + "' is defined twice");
            }
            if (!spec.isFitted()) {
                throw new IllegalArgumentException("Feature '" + spec.name() + "' is not fitted (mean/std, impute "
                        + "value or vocabulary missing): train the model, or fill them in the model card");
            }
            Map<String, Integer> index = new HashMap<>();
            if (spec.type() == FeatureType.CATEGORICAL) {
                for (int i = 0; i < spec.vocabulary().size(); i++) {
                    index.put(spec.vocabulary().get(i), i);
                }
            }
            categorySlots.add(index);
            total += spec.width();
        }
        this.slots = List.copyOf(categorySlots);
        this.width = total;
    }

    public List<FeatureSpec> specs() {
        return specs;
    }

    /** Length of the feature vector. */
    public int width() {
        return width;
    }

    /** A new vector for one record. */
    public float[] vectorize(FieldReader record) {
        float[] out = new float[width];
        vectorize(record, out, 0, null);
        return out;
    }

    public float[] vectorize(GenericRecord record) {
        return vectorize(new AvroFieldReader(record));
    }

    /**
     * Writes the vector of {@code record} into {@code out[offset .. offset + width)} and, when
     * {@code served} is not null, the raw value of each feature into it by feature name.
     *
     * @throws FeatureException when a value is missing (REJECT policy), invalid, of the wrong type or
     *                          an unknown category without a bucket, or the field does not exist
     */
    public void vectorize(FieldReader record, float[] out, int offset, Map<String, Object> served) {
        int position = offset;
        for (int f = 0; f < specs.size(); f++) {
            FeatureSpec spec = specs.get(f);
            if (!record.has(spec.source())) {
                throw new FeatureException(FeatureException.Kind.MISSING_FIELD, spec.name(),
                        "the record has no field '" + spec.source() + "'");
            }
            Object raw = record.get(spec.source());
            if (spec.type() == FeatureType.NUMERIC) {
                Double value = numeric(spec, raw);
                if (served != null) {
                    served.put(spec.name(), value);
                }
                out[position] = (float) transform(spec, value == null ? spec.imputeValue() : value);
                position++;
            } else {
                String category = categorical(spec, raw);
                if (served != null) {
                    served.put(spec.name(), category);
                }
                int slotCount = spec.width();
                Arrays.fill(out, position, position + slotCount, 0f);
                if (category != null) {
                    Integer slot = slots.get(f).get(category);
                    if (slot == null) {
                        if (!Boolean.TRUE.equals(spec.oovBucket())) {
                            throw new FeatureException(FeatureException.Kind.UNKNOWN_CATEGORY, spec.name(),
                                    "'" + category + "' is not in the vocabulary and the feature has no out-of-vocabulary bucket");
                        }
                        slot = spec.vocabulary().size();
                    }
                    out[position + slot] = 1f;
                }
                position += slotCount;
            }
        }
    }

    /** The model-space value of a raw numeric value (after its transform). */
    static double transform(FeatureSpec spec, double value) {
        double base = spec.transform().base(value);
        return spec.transform().standardizes() ? (base - spec.mean()) / spec.std() : base;
    }

    /** The raw number a record holds for a numeric feature; null when missing and imputable. */
    static Double numeric(FeatureSpec spec, Object raw) {
        double value;
        if (raw == null || (raw instanceof CharSequence text && text.toString().isBlank())) {
            if (spec.missing() == MissingPolicy.REJECT) {
                throw new FeatureException(FeatureException.Kind.MISSING_VALUE, spec.name(), "value is missing");
            }
            return null;
        } else if (raw instanceof Number number) {
            value = number.doubleValue();
        } else if (raw instanceof Boolean flag) {
            value = flag ? 1.0 : 0.0;
        } else if (raw instanceof Instant time) {
            // Epoch milliseconds, what a timestamp-millis field was read as before it became an Instant.
            value = time.toEpochMilli();
        } else if (raw instanceof CharSequence text) {
            String trimmed = text.toString().trim();
            if (trimmed.equalsIgnoreCase("true") || trimmed.equalsIgnoreCase("false")) {
                value = Boolean.parseBoolean(trimmed) ? 1.0 : 0.0;
            } else {
                try {
                    value = Double.parseDouble(trimmed);
                } catch (NumberFormatException e) {
                    throw new FeatureException(FeatureException.Kind.INVALID_NUMBER, spec.name(), "'" + trimmed + "' is not a number");
                }
            }
        } else {
            throw new FeatureException(FeatureException.Kind.WRONG_TYPE, spec.name(),
                    "expected a number, got " + raw.getClass().getSimpleName());
        }
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw new FeatureException(FeatureException.Kind.INVALID_NUMBER, spec.name(), value + " is not a finite number");
        }
        return value;
    }

    /** The category a record holds; null when missing and imputable. */
    static String categorical(FeatureSpec spec, Object raw) {
        if (raw == null || (raw instanceof CharSequence text && text.toString().isEmpty())) {
            if (spec.missing() == MissingPolicy.REJECT) {
                throw new FeatureException(FeatureException.Kind.MISSING_VALUE, spec.name(), "value is missing");
            }
            return null;
        }
        if (raw instanceof CharSequence || raw instanceof GenericEnumSymbol<?> || raw instanceof Enum<?>
                || raw instanceof Boolean || raw instanceof Integer || raw instanceof Long) {
            return raw.toString();
        }
        throw new FeatureException(FeatureException.Kind.WRONG_TYPE, spec.name(),
                "expected a category (string, enum, boolean or integer), got " + raw.getClass().getSimpleName());
    }
}
