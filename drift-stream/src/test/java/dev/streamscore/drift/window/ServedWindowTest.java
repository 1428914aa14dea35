package dev.streamscore.drift.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.streamscore.avro.Prediction;
import dev.streamscore.drift.DriftFixtures;
import dev.streamscore.drift.DriftFixtures.World;
import dev.streamscore.drift.baseline.Baseline;
import dev.streamscore.drift.metrics.MetricKind;
import dev.streamscore.drift.metrics.MetricName;
import dev.streamscore.drift.metrics.MetricValue;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServedWindowTest {
    private static final WindowLimits LIMITS = new WindowLimits(List.of(), 200, 50, 30);
    private final ServedWindowAggregator aggregator = new ServedWindowAggregator(LIMITS);
    private final ServedWindowMetrics metrics = new ServedWindowMetrics(LIMITS);
    private final Baseline baseline = DriftFixtures.baseline();

    @Test
    void aStationaryWindowShowsNoDrift() {
        List<MetricValue> values = metrics.evaluate(window(World.STATIONARY, 0, 2_000), baseline);
        assertThat(find(values, MetricName.PSI, "amount").value()).isLessThan(0.05);
        assertThat(find(values, MetricName.JS_DISTANCE, "amount").value()).isLessThan(0.1);
        assertThat(find(values, MetricName.WASSERSTEIN_NORM, "amount").value()).isLessThan(0.1);
        assertThat(find(values, MetricName.KS_PVALUE, "amount").value()).isGreaterThan(0.01);
        assertThat(find(values, MetricName.PSI, "merchant_category").value()).isLessThan(0.05);
        assertThat(find(values, MetricName.CHI2_PVALUE, "merchant_category").value()).isGreaterThan(0.01);
        assertThat(find(values, MetricName.UNSEEN_CATEGORY_SHARE, "merchant_category").value()).isZero();
        assertThat(find(values, MetricName.MISSING_RATE_DELTA, "distance_km").value()).isCloseTo(0, within(0.02));
        assertThat(values).filteredOn(m -> m.kind().equals(MetricKind.PREDICTION_DRIFT) && m.metric().equals(MetricName.PSI))
                .singleElement().satisfies(m -> assertThat(m.value()).isLessThan(0.05));
        assertThat(find(values, MetricName.PSI, "amount").sampleSize()).isEqualTo(2_000);
    }

    @Test
    void aShiftedFeatureShowsDriftOnEveryMeasure() {
        List<MetricValue> values = metrics.evaluate(window(World.AMOUNT_SHIFT, 0, 2_000), baseline);
        assertThat(find(values, MetricName.PSI, "amount").value()).isGreaterThan(0.25);
        assertThat(find(values, MetricName.JS_DISTANCE, "amount").value()).isGreaterThan(0.1);
        assertThat(find(values, MetricName.WASSERSTEIN_NORM, "amount").value()).isGreaterThan(0.1);
        assertThat(find(values, MetricName.KS_PVALUE, "amount").value()).isLessThan(1e-6);
        assertThat(find(values, MetricName.PSI, "merchant_category").value()).as("untouched feature").isLessThan(0.05);
    }

    @Test
    void skewCountersSeeMissingWrongTypedUnseenAndOutOfRangeValues() {
        ServedWindow window = new ServedWindow();
        for (int i = 0; i < 100; i++) {
            Prediction p = DriftFixtures.prediction(World.STATIONARY, i, 0);
            Map<String, Object> features = new HashMap<>(p.getFeatures());
            if (i < 10) {
                features.put("amount", null);
            } else if (i < 15) {
                features.put("amount", "12.50");
            } else if (i < 20) {
                features.put("amount", 1e9);
            }
            if (i < 30) {
                features.put("merchant_category", "crypto_exchange");
            }
            p.setFeatures(features);
            aggregator.add(window, p, baseline);
        }
        NumericFeatureCounts amount = window.numeric().get("amount");
        assertThat(amount.missing()).isEqualTo(10);
        assertThat(amount.typeMismatch()).isEqualTo(5);
        assertThat(amount.present()).isEqualTo(85);
        assertThat(amount.outOfRange()).isEqualTo(5);
        List<MetricValue> values = metrics.evaluate(window, baseline);
        double trainingMissing = baseline.feature("amount").missingRate();
        assertThat(find(values, MetricName.MISSING_RATE_DELTA, "amount").value()).isCloseTo(0.10 - trainingMissing, within(1e-12));
        assertThat(find(values, MetricName.TYPE_MISMATCH_SHARE, "amount").value()).isCloseTo(0.05, within(1e-12));
        assertThat(find(values, MetricName.OUT_OF_RANGE_SHARE, "amount").value()).isCloseTo(5 / 85.0, within(1e-12));
        assertThat(find(values, MetricName.UNSEEN_CATEGORY_SHARE, "merchant_category").value()).isCloseTo(0.3, within(1e-12));
    }

    @Test
    void categoriesBeyondTheCapAreCountedTogether() {
        ServedWindowAggregator capped = new ServedWindowAggregator(new WindowLimits(List.of(), 3, 50, 30));
        ServedWindow window = new ServedWindow();
        for (int i = 0; i < 50; i++) {
            Prediction p = DriftFixtures.prediction(World.STATIONARY, i, 0);
            Map<String, Object> features = new HashMap<>(p.getFeatures());
            features.put("merchant_category", "id-" + i);
            p.setFeatures(features);
            capped.add(window, p, baseline);
        }
        CategoricalFeatureCounts counts = window.categorical().get("merchant_category");
        assertThat(counts.counts()).hasSize(3);
        assertThat(counts.overflow()).isEqualTo(47);
        assertThat(counts.unseen()).isEqualTo(50);
        assertThat(counts.present()).isEqualTo(50);
    }

    @Test
    void biasComparesPositiveRatesAcrossLargeEnoughGroups() {
        List<MetricValue> values = metrics.evaluate(window(World.STATIONARY, 0, 900), baseline);
        assertThat(values).filteredOn(m -> m.metric().equals(MetricName.POSITIVE_RATE) && m.kind().equals(MetricKind.BIAS))
                .extracting(MetricValue::segment)
                .containsExactlyInAnyOrder("customer_segment=retail", "customer_segment=premium", "customer_segment=business");
        assertThat(find(values, MetricName.DEMOGRAPHIC_PARITY_GAP, null)).satisfies(m -> {
            assertThat(m.segment()).isEqualTo("customer_segment");
            assertThat(m.sampleSize()).isEqualTo(900);
            assertThat(m.value()).isBetween(0.0, 0.1);
        });
    }

    @Test
    void withoutABaselineOnlyBaselineFreeMetricsAreComputed() {
        ServedWindow window = new ServedWindow();
        for (int i = 0; i < 50; i++) {
            aggregator.add(window, DriftFixtures.prediction(World.STATIONARY, i, 0), null);
        }
        assertThat(window.numeric()).isEmpty();
        assertThat(metrics.evaluate(window, null)).extracting(MetricValue::kind)
                .containsOnly(MetricKind.PREDICTION_DRIFT, MetricKind.BIAS);
    }

    @Test
    void aShiftConfinedToOneSegmentShowsInThatSegmentAgainstItsOwnTrainingProfile() {
        List<MetricValue> values = metrics.evaluate(window(World.BUSINESS_AMOUNT_SHIFT, 0, 3_000), baseline);
        MetricValue business = segment(values, MetricName.PSI, "amount", "customer_segment=business");
        assertThat(business.value()).isGreaterThan(0.25);
        assertThat(business.sampleSize()).isEqualTo(1_000);
        assertThat(segment(values, MetricName.KS_PVALUE, "amount", "customer_segment=business").value()).isLessThan(1e-6);
        for (String other : List.of("customer_segment=retail", "customer_segment=premium")) {
            assertThat(segment(values, MetricName.PSI, "amount", other).value()).as(other).isLessThan(0.05);
            assertThat(segment(values, MetricName.KS_PVALUE, "amount", other).value()).as(other).isGreaterThan(0.01);
        }
        assertThat(segment(values, MetricName.PSI, "merchant_category", "customer_segment=business").value())
                .as("untouched feature").isLessThan(0.05);
        // Diluted in the whole: two thirds of the traffic is unchanged.
        assertThat(find(values, MetricName.PSI, "amount").value()).isLessThan(business.value() / 2);
        // Skew is judged on the whole only.
        assertThat(values).filteredOn(m -> m.segment() != null && m.kind().equals(MetricKind.SKEW)).isEmpty();
    }

    @Test
    void stateRoundTripsThroughBytesAndMergesLikeOneWindow() {
        ServedWindow all = window(World.STATIONARY, 0, 600);
        ServedWindow first = window(World.STATIONARY, 0, 250);
        ServedWindow second = window(World.STATIONARY, 250, 350);
        ServedWindow merged = ServedWindow.fromBytes(first.toBytes()).merge(ServedWindow.fromBytes(second.toBytes()), 200, 50);
        assertThat(merged.toBytes()).isEqualTo(all.toBytes());
        assertThat(metrics.evaluate(merged, baseline)).isEqualTo(metrics.evaluate(all, baseline));
    }

    private ServedWindow window(World world, int from, int n) {
        ServedWindow window = new ServedWindow();
        for (int i = from; i < from + n; i++) {
            aggregator.add(window, DriftFixtures.prediction(world, i, 0), baseline);
        }
        return window;
    }

    private static MetricValue segment(List<MetricValue> values, String metric, String feature, String segment) {
        return values.stream().filter(m -> m.kind().equals(MetricKind.DATA_DRIFT) && m.metric().equals(metric)
                        && feature.equals(m.feature()) && segment.equals(m.segment()))
                .findFirst().orElseThrow(() -> new AssertionError("no " + metric + " of " + feature + " in " + segment));
    }

    static MetricValue find(List<MetricValue> values, String metric, String feature) {
        Optional<MetricValue> found = values.stream()
                .filter(m -> m.metric().equals(metric) && Objects.equals(m.feature(), feature)
                        && (feature == null || m.segment() == null)
                        && (feature != null || m.segment() != null || m.kind().equals(MetricKind.PERFORMANCE)
                                || m.kind().equals(MetricKind.LABEL_DRIFT)))
                .findFirst();
        assertThat(found).as(metric + " of " + feature).isPresent();
        return found.get();
    }
}
