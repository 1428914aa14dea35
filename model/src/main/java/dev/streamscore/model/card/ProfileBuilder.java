package dev.streamscore.model.card;

import dev.streamscore.model.features.FeatureSpec;
import dev.streamscore.model.features.FeatureType;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds the {@link TrainingProfile} from the raw values the vectorizer served for the training
 * records (one map per record, as in Prediction.features) and the holdout scores. Numeric bins are
 * cut at the training deciles, so each holds about a tenth of the training data and PSI has no
 * empty baseline bin.
 */
public final class ProfileBuilder {
    static final double[] QUANTILES = {0.01, 0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95, 0.99};
    static final int SCORE_BINS = 20;

    private ProfileBuilder() {
    }

    public static TrainingProfile build(List<FeatureSpec> specs, List<Map<String, Object>> served,
            float[] labels, float[] holdoutScores) {
        Map<String, FeatureProfile> features = new LinkedHashMap<>();
        for (FeatureSpec spec : specs) {
            features.put(spec.name(), spec.type() == FeatureType.NUMERIC
                    ? numeric(spec.name(), served) : categorical(spec.name(), served));
        }
        long positives = 0;
        for (float label : labels) {
            positives += label > 0.5f ? 1 : 0;
        }
        return new TrainingProfile(served.size(), labels.length == 0 ? 0 : positives / (double) labels.length,
                features, scoreHistogram(holdoutScores));
    }

    public static double[] scoreEdges() {
        double[] edges = new double[SCORE_BINS - 1];
        for (int i = 1; i < SCORE_BINS; i++) {
            edges[i - 1] = i / (double) SCORE_BINS;
        }
        return edges;
    }

    static Histogram scoreHistogram(float[] scores) {
        Histogram histogram = Histogram.empty(scoreEdges());
        for (float score : scores) {
            histogram.add(score);
        }
        return histogram;
    }

    private static FeatureProfile numeric(String name, List<Map<String, Object>> served) {
        double[] values = served.stream().map(m -> m.get(name)).filter(v -> v instanceof Number)
                .mapToDouble(v -> ((Number) v).doubleValue()).sorted().toArray();
        long missing = served.size() - values.length;
        Map<String, Double> quantiles = new LinkedHashMap<>();
        for (double q : QUANTILES) {
            quantiles.put(String.format("p%02d", Math.round(q * 100)), quantile(values, q));
        }
        double[] edges = Arrays.stream(new double[] {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9})
                .map(q -> quantile(values, q)).filter(Double::isFinite).distinct().sorted().toArray();
        Histogram histogram = Histogram.empty(edges);
        double sum = 0;
        double sumSq = 0;
        for (double v : values) {
            histogram.add(v);
            sum += v;
            sumSq += v * v;
        }
        Double mean = values.length == 0 ? null : sum / values.length;
        Double std = values.length == 0 ? null : Math.sqrt(Math.max(0, sumSq / values.length - mean * mean));
        return new FeatureProfile(FeatureType.NUMERIC, served.size(), rate(missing, served.size()), histogram, quantiles,
                mean, std, values.length == 0 ? null : values[0], values.length == 0 ? null : values[values.length - 1], null);
    }

    private static FeatureProfile categorical(String name, List<Map<String, Object>> served) {
        Map<String, Long> counts = new TreeMap<>();
        long present = 0;
        for (Map<String, Object> record : served) {
            Object value = record.get(name);
            if (value != null) {
                counts.merge(value.toString(), 1L, Long::sum);
                present++;
            }
        }
        Map<String, Double> frequencies = new LinkedHashMap<>();
        for (Map.Entry<String, Long> entry : counts.entrySet()) {
            frequencies.put(entry.getKey(), entry.getValue() / (double) present);
        }
        return new FeatureProfile(FeatureType.CATEGORICAL, served.size(), rate(served.size() - present, served.size()),
                null, null, null, null, null, null, frequencies);
    }

    private static double rate(long part, long whole) {
        return whole == 0 ? 0 : part / (double) whole;
    }

    /** Linear interpolation between closest ranks; NaN for no values. */
    static double quantile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double position = q * (sorted.length - 1);
        int lower = (int) Math.floor(position);
        int upper = Math.min(sorted.length - 1, lower + 1);
        return sorted[lower] + (position - lower) * (sorted[upper] - sorted[lower]);
    }
}
