package dev.streamscore.model.card;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FairnessTest {
    @Test
    void countsEachGroupsDecisionsAtTheThresholdAndLeavesOutSmallGroups() {
        List<Float> scores = new ArrayList<>();
        List<Float> labels = new ArrayList<>();
        List<Map<String, String>> attributes = new ArrayList<>();
        // retail: 100 records, 20 positive, 16 of them decided positive, and 4 negatives decided positive.
        add(scores, labels, attributes, "retail", 16, 0.9f, 1f);
        add(scores, labels, attributes, "retail", 4, 0.1f, 1f);
        add(scores, labels, attributes, "retail", 4, 0.7f, 0f);
        add(scores, labels, attributes, "retail", 76, 0.2f, 0f);
        // business: 50 records, 10 positive, 5 decided positive; no false positive.
        add(scores, labels, attributes, "business", 5, 0.8f, 1f);
        add(scores, labels, attributes, "business", 5, 0.3f, 1f);
        add(scores, labels, attributes, "business", 40, 0.3f, 0f);
        // vip: too few records to be a reference.
        add(scores, labels, attributes, "vip", 29, 0.9f, 1f);
        add(scores, labels, attributes, null, 10, 0.9f, 1f);

        Fairness fairness = Fairness.of(toArray(scores), toArray(labels), attributes, List.of("segment"), 0.5);

        assertThat(fairness.groups("segment")).containsOnlyKeys("retail", "business");
        GroupMetrics retail = fairness.groups("segment").get("retail");
        assertThat(retail).isEqualTo(new GroupMetrics(100, 20, 20, 16));
        assertThat(retail.positiveRate()).isEqualTo(0.2);
        assertThat(retail.recall()).isEqualTo(0.8);
        assertThat(retail.falsePositiveRate()).isEqualTo(4 / 80.0);
        GroupMetrics business = fairness.groups("segment").get("business");
        assertThat(business).isEqualTo(new GroupMetrics(50, 10, 5, 5));
        // Equal opportunity needs 30 positives per group: none here has them.
        assertThat(fairness.gaps().get("segment").demographicParity()).isCloseTo(0.1, within(1e-12));
        assertThat(fairness.gaps().get("segment").equalOpportunity()).isNaN();
        assertThat(fairness.groups("other")).isEmpty();
    }

    @Test
    void isWrittenWithItsRatesAndGapsAndReadBackFromItsCounts() throws Exception {
        Fairness fairness = new Fairness(30, Map.of("segment", Map.of(
                "retail", new GroupMetrics(1_000, 100, 120, 80), "business", new GroupMetrics(500, 50, 30, 25))));
        String json = ModelCards.json().writeValueAsString(fairness);
        assertThat(json).contains("\"positive_rate\" : 0.12", "\"recall\" : 0.8", "\"false_positive_rate\"",
                "\"demographic_parity\"", "\"equal_opportunity\" : 0.3");
        assertThat(ModelCards.json().readValue(json, Fairness.class)).isEqualTo(fairness);
    }

    @Test
    void refusesCountsThatCannotBeTrue() {
        assertThatThrownBy(() -> new GroupMetrics(10, 5, 3, 4)).hasMessageContaining("inconsistent group counts");
        assertThatThrownBy(() -> new GroupMetrics(10, 11, 3, 2)).hasMessageContaining("inconsistent group counts");
    }

    private static void add(List<Float> scores, List<Float> labels, List<Map<String, String>> attributes, String group,
            int count, float score, float label) {
        for (int i = 0; i < count; i++) {
            scores.add(score);
            labels.add(label);
            attributes.add(group == null ? Map.of() : Map.of("segment", group));
        }
    }

    private static float[] toArray(List<Float> values) {
        float[] array = new float[values.size()];
        for (int i = 0; i < array.length; i++) {
            array[i] = values.get(i);
        }
        return array;
    }
}
