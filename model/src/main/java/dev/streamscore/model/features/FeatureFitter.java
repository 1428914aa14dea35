package dev.streamscore.model.features;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Fits the parameters a feature spec leaves open from training records: the mean and standard
 * deviation of a standardized feature's base value, the impute value (the training median), and a
 * categorical feature's vocabulary (categories seen at least {@code minCount} times, most frequent
 * first, at most {@code maxVocabulary}). Parameters already set in a spec are kept.
 */
public final class FeatureFitter {
    private final int minCount;
    private final int maxVocabulary;

    public FeatureFitter(int minCount, int maxVocabulary) {
        this.minCount = minCount;
        this.maxVocabulary = maxVocabulary;
    }

    public static FeatureFitter defaults() {
        return new FeatureFitter(5, 100);
    }

    public List<FeatureSpec> fit(List<FeatureSpec> specs, List<? extends FieldReader> records) {
        List<FeatureSpec> fitted = new ArrayList<>();
        for (FeatureSpec spec : specs) {
            fitted.add(spec.type() == FeatureType.NUMERIC ? fitNumeric(spec, records) : fitCategorical(spec, records));
        }
        return fitted;
    }

    private static FeatureSpec fitNumeric(FeatureSpec spec, List<? extends FieldReader> records) {
        double[] values = records.stream()
                .filter(r -> r.has(spec.source()))
                .map(r -> lenientNumber(spec, r.get(spec.source())))
                .filter(v -> v != null)
                .mapToDouble(Double::doubleValue)
                .toArray();
        if (values.length == 0) {
            throw new IllegalArgumentException("Feature '" + spec.name() + "': no value in the training data at '"
                    + spec.source() + "'");
        }
        Arrays.sort(values);
        Double impute = spec.imputeValue() != null ? spec.imputeValue() : values[values.length / 2];
        Double mean = spec.mean();
        Double std = spec.std();
        if (spec.transform().standardizes() && (mean == null || std == null)) {
            double sum = 0;
            double sumSq = 0;
            for (double v : values) {
                double base = spec.transform().base(v);
                sum += base;
                sumSq += base * base;
            }
            mean = sum / values.length;
            double variance = Math.max(0, sumSq / values.length - mean * mean);
            // A constant feature gets std 1 so that it maps to 0 rather than dividing by zero.
            std = variance > 1e-12 ? Math.sqrt(variance) : 1.0;
        }
        return spec.withFit(mean, std, impute, null);
    }

    private FeatureSpec fitCategorical(FeatureSpec spec, List<? extends FieldReader> records) {
        if (spec.vocabulary() != null) {
            return spec;
        }
        Map<String, Integer> counts = new HashMap<>();
        for (FieldReader record : records) {
            if (record.has(spec.source())) {
                Object raw = record.get(spec.source());
                if (raw != null && !raw.toString().isEmpty()) {
                    counts.merge(raw.toString(), 1, Integer::sum);
                }
            }
        }
        List<String> vocabulary = counts.entrySet().stream()
                .filter(e -> e.getValue() >= minCount)
                .sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
                .limit(maxVocabulary)
                .map(Map.Entry::getKey)
                .toList();
        if (vocabulary.isEmpty()) {
            throw new IllegalArgumentException("Feature '" + spec.name() + "': no category occurs " + minCount
                    + " times in the training data at '" + spec.source() + "'");
        }
        return spec.withFit(null, null, null, vocabulary);
    }

    /** The value as the vectorizer reads it; null for missing and invalid values, which fitting skips. */
    private static Double lenientNumber(FeatureSpec spec, Object raw) {
        try {
            return FeatureVectorizer.numeric(imputable(spec), raw);
        } catch (FeatureException e) {
            return null;
        }
    }

    private static FeatureSpec imputable(FeatureSpec spec) {
        return new FeatureSpec(spec.name(), spec.source(), spec.type(), spec.transform(), spec.mean(), spec.std(),
                null, null, MissingPolicy.IMPUTE, spec.imputeValue());
    }
}
