package dev.streamscore.model.card;

import dev.streamscore.model.features.FeatureSpec;
import dev.streamscore.model.features.FeatureType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds the {@link TrainingProfile} from the raw values the vectorizer served for the training
 * records (one map per record, as in Prediction.features) and the holdout scores. Numeric bins are
 * cut at the training deciles, so each holds about a tenth of the training data and PSI has no
 * empty baseline bin. Segments (values of the event spec's attributes) with at least
 * {@link #MIN_SEGMENT_RECORDS} records, the {@link #MAX_SEGMENTS_PER_FIELD} largest per attribute,
 * get a profile of their own on the same bin edges.
 */
public final class ProfileBuilder {
    static final double[] QUANTILES = {0.01, 0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95, 0.99};
    static final int SCORE_BINS = 20;
    /** Below this a segment's training histogram is too noisy to compare live windows with. */
    public static final int MIN_SEGMENT_RECORDS = 200;
    /** Bounds the card, and drift-stream's per-window state, whatever the attribute's cardinality. */
    public static final int MAX_SEGMENTS_PER_FIELD = 20;

    private ProfileBuilder() {
    }

    public static TrainingProfile build(List<FeatureSpec> specs, List<Map<String, Object>> served,
            float[] labels, float[] holdoutScores) {
        return build(specs, served, labels, holdoutScores, List.of(), List.of());
    }

    /**
     * The profile with segment profiles for {@code segmentFields}; {@code attributes} holds each
     * record's attribute values, in the order of {@code served}.
     */
    public static TrainingProfile build(List<FeatureSpec> specs, List<Map<String, Object>> served,
            float[] labels, float[] holdoutScores, List<Map<String, String>> attributes, List<String> segmentFields) {
        Map<String, FeatureProfile> features = features(specs, served, Map.of());
        Map<String, double[]> edges = new LinkedHashMap<>();
        features.forEach((name, profile) -> {
            if (profile.histogram() != null) {
                edges.put(name, profile.histogram().edges());
            }
        });
        Map<String, Map<String, SegmentProfile>> segments = new LinkedHashMap<>();
        if (!attributes.isEmpty()) {
            for (String field : segmentFields) {
                Map<String, SegmentProfile> profiles = segments(specs, served, labels, attributes, field, edges);
                if (!profiles.isEmpty()) {
                    segments.put(field, profiles);
                }
            }
        }
        return new TrainingProfile(served.size(), labelRate(labels), features, scoreHistogram(holdoutScores), segments);
    }

    private static Map<String, FeatureProfile> features(List<FeatureSpec> specs, List<Map<String, Object>> served,
            Map<String, double[]> fixedEdges) {
        Map<String, FeatureProfile> features = new LinkedHashMap<>();
        for (FeatureSpec spec : specs) {
            features.put(spec.name(), spec.type() == FeatureType.NUMERIC
                    ? numeric(spec.name(), served, fixedEdges.get(spec.name())) : categorical(spec.name(), served));
        }
        return features;
    }

    private static Map<String, SegmentProfile> segments(List<FeatureSpec> specs, List<Map<String, Object>> served,
            float[] labels, List<Map<String, String>> attributes, String field, Map<String, double[]> edges) {
        Map<String, List<Integer>> rowsByValue = new TreeMap<>();
        for (int i = 0; i < attributes.size(); i++) {
            String value = attributes.get(i).get(field);
            if (value != null) {
                rowsByValue.computeIfAbsent(value, v -> new ArrayList<>()).add(i);
            }
        }
        Map<String, SegmentProfile> profiles = new TreeMap<>();
        rowsByValue.entrySet().stream()
                .filter(e -> e.getValue().size() >= MIN_SEGMENT_RECORDS)
                .sorted(Comparator.comparingInt((Map.Entry<String, List<Integer>> e) -> e.getValue().size()).reversed()
                        .thenComparing(Map.Entry::getKey))
                .limit(MAX_SEGMENTS_PER_FIELD)
                .forEach(e -> {
                    List<Map<String, Object>> rows = new ArrayList<>(e.getValue().size());
                    float[] rowLabels = new float[e.getValue().size()];
                    for (int k = 0; k < rowLabels.length; k++) {
                        int row = e.getValue().get(k);
                        rows.add(served.get(row));
                        rowLabels[k] = row < labels.length ? labels[row] : 0f;
                    }
                    profiles.put(e.getKey(), new SegmentProfile(rows.size(), labelRate(rowLabels),
                            features(specs, rows, edges)));
                });
        return profiles;
    }

    private static double labelRate(float[] labels) {
        long positives = 0;
        for (float label : labels) {
            positives += label > 0.5f ? 1 : 0;
        }
        return labels.length == 0 ? 0 : positives / (double) labels.length;
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

    /** On {@code fixedEdges} when given (a segment binned like the whole), else on the deciles. */
    private static FeatureProfile numeric(String name, List<Map<String, Object>> served, double[] fixedEdges) {
        double[] values = served.stream().map(m -> m.get(name)).filter(v -> v instanceof Number)
                .mapToDouble(v -> ((Number) v).doubleValue()).sorted().toArray();
        long missing = served.size() - values.length;
        Map<String, Double> quantiles = new LinkedHashMap<>();
        for (double q : QUANTILES) {
            quantiles.put(String.format("p%02d", Math.round(q * 100)), quantile(values, q));
        }
        double[] edges = fixedEdges != null ? fixedEdges
                : Arrays.stream(new double[] {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9})
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
