package dev.streamscore.drift.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.streamscore.avro.Label;
import dev.streamscore.avro.Prediction;
import dev.streamscore.drift.DriftFixtures;
import dev.streamscore.drift.DriftFixtures.World;
import dev.streamscore.drift.metrics.MetricKind;
import dev.streamscore.drift.metrics.MetricName;
import dev.streamscore.drift.metrics.MetricValue;
import dev.streamscore.model.card.BinaryMetrics;
import java.util.List;
import org.junit.jupiter.api.Test;

class PerformanceWindowTest {
    private static final WindowLimits LIMITS = new WindowLimits(List.of(), 200, 50, 10);
    private final PerformanceWindowAggregator aggregator = new PerformanceWindowAggregator(LIMITS);
    private final PerformanceWindowMetrics metrics = new PerformanceWindowMetrics(LIMITS);

    @Test
    void metricsMatchTheModelCardsOwnComputationOnTheSamePairs() {
        int n = 3_000;
        float[] scores = new float[n];
        float[] labels = new float[n];
        PerformanceWindow window = new PerformanceWindow();
        for (int i = 0; i < n; i++) {
            Prediction p = DriftFixtures.prediction(World.STATIONARY, i, 0);
            Label l = DriftFixtures.label(p, 1);
            aggregator.addLabeled(window, p, l, null);
            scores[i] = (float) p.getScore();
            labels[i] = (float) l.getLabel();
        }
        for (int i = 0; i < 1_000; i++) {
            aggregator.addUnlabeled(window);
        }
        aggregator.addLate(window);
        BinaryMetrics expected = BinaryMetrics.of(scores, labels, DriftFixtures.THRESHOLD);
        List<MetricValue> values = metrics.evaluate(window, DriftFixtures.baseline());

        assertThat(value(values, MetricName.ACCURACY)).isCloseTo(expected.accuracy(), within(1e-9));
        assertThat(value(values, MetricName.PRECISION)).isCloseTo(expected.precision(), within(1e-9));
        assertThat(value(values, MetricName.RECALL)).isCloseTo(expected.recall(), within(1e-9));
        // The card computes these on float scores; the window on doubles.
        assertThat(value(values, MetricName.LOG_LOSS)).isCloseTo(expected.logLoss(), within(1e-5));
        assertThat(value(values, MetricName.BRIER)).isCloseTo(expected.brier(), within(1e-5));
        assertThat(value(values, MetricName.AUC)).isCloseTo(expected.auc(), within(0.005));
        assertThat(value(values, MetricName.LABEL_COVERAGE)).isCloseTo(0.75, within(1e-12));
        assertThat(value(values, MetricName.LATE_LABELS)).isEqualTo(1.0);
        assertThat(values).filteredOn(m -> m.metric().equals(MetricName.AUC)).singleElement()
                .satisfies(m -> assertThat(m.baseline()).isEqualTo(DriftFixtures.card().holdout().auc()));
        assertThat(values).filteredOn(m -> m.metric().equals(MetricName.LABEL_RATE)).singleElement()
                .satisfies(m -> {
                    assertThat(m.kind()).isEqualTo(MetricKind.LABEL_DRIFT);
                    assertThat(m.baseline()).isEqualTo(DriftFixtures.card().profile().labelRate());
                });
        assertThat(values).filteredOn(m -> m.metric().equals(MetricName.RECALL) && m.segment() != null)
                .extracting(MetricValue::segment).hasSize(3);
        assertThat(values).filteredOn(m -> m.metric().equals(MetricName.EQUAL_OPPORTUNITY_GAP)).singleElement()
                .satisfies(m -> assertThat(m.segment()).isEqualTo("customer_segment"));
    }

    @Test
    void stateRoundTripsThroughBytesAndMerges() {
        PerformanceWindow a = new PerformanceWindow();
        PerformanceWindow b = new PerformanceWindow();
        PerformanceWindow all = new PerformanceWindow();
        for (int i = 0; i < 400; i++) {
            Prediction p = DriftFixtures.prediction(World.STATIONARY, i, 0);
            Label l = DriftFixtures.label(p, 1);
            aggregator.addLabeled(i < 150 ? a : b, p, l, null);
            aggregator.addLabeled(all, p, l, null);
        }
        PerformanceWindow merged = PerformanceWindow.fromBytes(a.toBytes()).merge(PerformanceWindow.fromBytes(b.toBytes()), 50);
        List<MetricValue> expected = metrics.evaluate(all, null);
        List<MetricValue> actual = metrics.evaluate(merged, null);
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i).metric()).isEqualTo(expected.get(i).metric());
            assertThat(actual.get(i).value()).isCloseTo(expected.get(i).value(), within(1e-9));
        }
    }

    private static double value(List<MetricValue> values, String metric) {
        return values.stream().filter(m -> m.metric().equals(metric) && m.segment() == null).findFirst()
                .orElseThrow(() -> new AssertionError("no " + metric)).value();
    }
}
