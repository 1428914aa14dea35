package dev.streamscore.model.card;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.streamscore.model.features.FeatureSpec;
import dev.streamscore.model.features.MissingPolicy;
import dev.streamscore.model.features.NumericTransform;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProfileBuilderTest {
    private static final List<FeatureSpec> SPECS = List.of(
            FeatureSpec.numeric("amount", "amount", NumericTransform.NONE, MissingPolicy.IMPUTE),
            FeatureSpec.categorical("channel", "channel", true, MissingPolicy.IMPUTE));

    @Test
    void profilesEachLargeEnoughSegmentOnTheWholeProfilesBins() {
        List<Map<String, Object>> served = new ArrayList<>();
        List<Map<String, String>> attributes = new ArrayList<>();
        List<Float> labels = new ArrayList<>();
        // 300 retail records with amounts 0..299 (online 1 in 3), 250 business records with amounts
        // 1000..1249 (all online), 50 records of a segment too small to profile.
        for (int i = 0; i < 300; i++) {
            add(served, attributes, labels, i, i % 3 == 0 ? "online" : "store", "retail", i < 30);
        }
        for (int i = 0; i < 250; i++) {
            add(served, attributes, labels, 1000 + i, "online", "business", i < 50);
        }
        for (int i = 0; i < 50; i++) {
            add(served, attributes, labels, 500, "store", "vip", false);
        }
        float[] y = new float[labels.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = labels.get(i);
        }

        TrainingProfile profile = ProfileBuilder.build(SPECS, served, y, new float[] {0.1f}, attributes,
                List.of("segment", "absent_attribute"));

        assertThat(profile.segments()).containsOnlyKeys("segment");
        assertThat(profile.segments().get("segment")).containsOnlyKeys("retail", "business");
        assertThat(profile.segment("segment", "vip")).as("50 records are below the minimum").isNull();

        SegmentProfile retail = profile.segment("segment", "retail");
        assertThat(retail.sampleSize()).isEqualTo(300);
        assertThat(retail.labelRate()).isCloseTo(0.1, within(1e-12));
        Histogram whole = profile.features().get("amount").histogram();
        Histogram retailAmount = retail.features().get("amount").histogram();
        assertThat(retailAmount.edges()).containsExactly(whole.edges());
        assertThat(retailAmount.total()).isEqualTo(300);
        assertThat(retail.features().get("amount").mean()).isCloseTo(149.5, within(1e-9));
        assertThat(retail.features().get("amount").max()).isEqualTo(299.0);
        assertThat(retail.features().get("channel").frequencies())
                .containsEntry("online", 100 / 300.0).containsEntry("store", 200 / 300.0);

        SegmentProfile business = profile.segment("segment", "business");
        assertThat(business.labelRate()).isCloseTo(0.2, within(1e-12));
        assertThat(business.features().get("amount").min()).isEqualTo(1000.0);
        assertThat(business.features().get("channel").frequencies()).containsOnlyKeys("online");
        // On the whole's edges, no business amount (1000 and up) falls in a bin that ends at or below 1000.
        Histogram businessAmount = business.features().get("amount").histogram();
        assertThat(businessAmount.total()).isEqualTo(250);
        for (int bin = 0; bin < whole.edges().length && whole.edges()[bin] <= 1000; bin++) {
            assertThat(businessAmount.counts()[bin]).as("bin %d", bin).isZero();
        }
        assertThat(whole.edges()[whole.edges().length - 1]).as("the whole's deciles reach into the business amounts").isGreaterThan(1000);
    }

    @Test
    void withoutAttributesThereAreNoSegmentProfiles() {
        List<Map<String, Object>> served = List.of(Map.of("amount", 1.0, "channel", "store"));
        TrainingProfile profile = ProfileBuilder.build(SPECS, served, new float[] {0f}, new float[] {0.2f});
        assertThat(profile.segments()).isEmpty();
        assertThat(profile.segment("segment", "retail")).isNull();
    }

    private static void add(List<Map<String, Object>> served, List<Map<String, String>> attributes, List<Float> labels,
            double amount, String channel, String segment, boolean positive) {
        served.add(Map.of("amount", amount, "channel", channel));
        attributes.add(Map.of("segment", segment));
        labels.add(positive ? 1f : 0f);
    }
}
