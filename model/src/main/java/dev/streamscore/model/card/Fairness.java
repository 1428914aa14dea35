package dev.streamscore.model.card;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How the model treated groups when it was validated: per event attribute (the event spec's
 * attributes), each group's decisions on the holdout set, and the gaps across the groups. Bias
 * monitoring compares live windows with these figures, so a gap the model already had at
 * validation is reported, and only a move away from it alarms.
 *
 * @param minGroupSize the fewest holdout records a group needs to be listed
 * @param groups       per attribute, per value: the group's holdout counts
 */
public record Fairness(long minGroupSize, Map<String, Map<String, GroupMetrics>> groups) {
    /** Groups with fewer holdout records are too noisy to be a reference. */
    public static final long MIN_GROUP_SIZE = 30;

    public Fairness {
        groups = groups == null ? Map.of() : Map.copyOf(groups);
    }

    /**
     * The holdout's groups: {@code scores} and {@code labels} of every holdout record, its
     * {@code attributes} in the same order, decided positive at {@code threshold}. The
     * {@link ProfileBuilder#MAX_SEGMENTS_PER_FIELD} largest groups per attribute are kept.
     */
    public static Fairness of(float[] scores, float[] labels, List<Map<String, String>> attributes, List<String> fields,
            double threshold) {
        Map<String, Map<String, GroupMetrics>> byField = new LinkedHashMap<>();
        for (String field : fields) {
            Map<String, long[]> counts = new TreeMap<>();
            for (int i = 0; i < scores.length; i++) {
                String value = i < attributes.size() ? attributes.get(i).get(field) : null;
                if (value == null) {
                    continue;
                }
                long[] c = counts.computeIfAbsent(value, v -> new long[4]);
                boolean positive = labels[i] > 0.5f;
                boolean decided = scores[i] >= threshold;
                c[0]++;
                c[1] += positive ? 1 : 0;
                c[2] += decided ? 1 : 0;
                c[3] += positive && decided ? 1 : 0;
            }
            Map<String, GroupMetrics> groups = new TreeMap<>();
            counts.entrySet().stream()
                    .filter(e -> e.getValue()[0] >= MIN_GROUP_SIZE)
                    .sorted(Comparator.comparingLong((Map.Entry<String, long[]> e) -> e.getValue()[0]).reversed()
                            .thenComparing(Map.Entry::getKey))
                    .limit(ProfileBuilder.MAX_SEGMENTS_PER_FIELD)
                    .forEach(e -> groups.put(e.getKey(), new GroupMetrics(e.getValue()[0], e.getValue()[1],
                            e.getValue()[2], e.getValue()[3])));
            if (!groups.isEmpty()) {
                byField.put(field, groups);
            }
        }
        return new Fairness(MIN_GROUP_SIZE, byField);
    }

    /** The groups of {@code field} (empty when the holdout had none with enough records). */
    public Map<String, GroupMetrics> groups(String field) {
        return groups.getOrDefault(field, Map.of());
    }

    /**
     * Per attribute, the gaps across its groups (highest minus lowest rate; equal opportunity over
     * groups with at least {@link #minGroupSize} positives): for people reading the card.
     */
    @JsonProperty(value = "gaps", access = JsonProperty.Access.READ_ONLY)
    public Map<String, Gaps> gaps() {
        Map<String, Gaps> gaps = new TreeMap<>();
        groups.forEach((field, values) -> {
            List<Double> positiveRates = new ArrayList<>();
            List<Double> recalls = new ArrayList<>();
            values.values().forEach(g -> {
                positiveRates.add(g.positiveRate());
                if (g.positives() >= minGroupSize) {
                    recalls.add(g.recall());
                }
            });
            gaps.put(field, new Gaps(spread(positiveRates), spread(recalls)));
        });
        return gaps;
    }

    /**
     * @param demographicParity  spread of the positive-decision rates; NaN with fewer than two groups
     * @param equalOpportunity   spread of the recalls; NaN with fewer than two groups with enough positives
     */
    public record Gaps(double demographicParity, double equalOpportunity) {
    }

    private static double spread(List<Double> rates) {
        if (rates.size() < 2) {
            return Double.NaN;
        }
        double min = rates.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        double max = rates.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        return max - min;
    }
}
