package dev.streamscore.drift.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamscore.avro.Label;
import dev.streamscore.avro.ModelRole;
import dev.streamscore.avro.Prediction;
import dev.streamscore.drift.baseline.Baseline;
import dev.streamscore.drift.metrics.MetricKind;
import dev.streamscore.drift.metrics.MetricName;
import dev.streamscore.drift.metrics.MetricValue;
import dev.streamscore.drift.metrics.WindowReport;
import dev.streamscore.drift.window.PerformanceWindow;
import dev.streamscore.drift.window.PerformanceWindowAggregator;
import dev.streamscore.drift.window.PerformanceWindowMetrics;
import dev.streamscore.drift.window.ServedWindow;
import dev.streamscore.drift.window.ServedWindowAggregator;
import dev.streamscore.drift.window.ServedWindowMetrics;
import dev.streamscore.drift.window.WindowLimits;
import dev.streamscore.model.card.BinaryMetrics;
import dev.streamscore.model.card.EventSpec;
import dev.streamscore.model.card.Fairness;
import dev.streamscore.model.card.ModelCard;
import dev.streamscore.model.card.OutputSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bias alarms judge the move away from what the model did at validation, not the gaps it already
 * had. The population has three groups that differ in base rate, recall and false-positive rate,
 * the same in the holdout and live; windows of 3,000 events (1,000 per group), through the real
 * window aggregation, metrics and alert engine with default rules and settings.
 */
class BiasCreepTest {
    private static final String FIELD = "segment";
    private static final double THRESHOLD = 0.5;
    private static final int PER_WINDOW = 3_000;
    private static final long WINDOW_MS = 60_000;
    /** Base rate, recall and false-positive rate of each group: gaps of 0.30 in recall and 0.24 in positive rate. */
    private static final Map<String, double[]> GROUPS = Map.of(
            "a", new double[] {0.30, 0.85, 0.05},
            "b", new double[] {0.20, 0.70, 0.03},
            "c", new double[] {0.10, 0.55, 0.02});
    private static final List<String> NAMES = List.of("a", "b", "c");

    private final SplittableRandom random = new SplittableRandom(2026);
    private final WindowLimits limits = WindowLimits.DEFAULTS;
    private final ServedWindowAggregator served = new ServedWindowAggregator(limits);
    private final PerformanceWindowAggregator performance = new PerformanceWindowAggregator(limits);
    private final ServedWindowMetrics servedMetrics = new ServedWindowMetrics(limits);
    private final PerformanceWindowMetrics performanceMetrics = new PerformanceWindowMetrics(limits);
    private Baseline baseline;
    private long sequence;

    @BeforeEach
    void validate() {
        // The card's holdout: 10,000 records of the same population, scored by the same model.
        List<Prediction> holdout = draw(10_000, Map.of());
        float[] scores = new float[holdout.size()];
        float[] labels = new float[holdout.size()];
        List<Map<String, String>> attributes = new ArrayList<>();
        for (int i = 0; i < holdout.size(); i++) {
            scores[i] = (float) holdout.get(i).getScore();
            labels[i] = (float) label(holdout.get(i)).getLabel();
            attributes.add(Map.of(FIELD, holdout.get(i).getAttributes().get(FIELD)));
        }
        ModelCard card = new ModelCard(ModelCard.FORMAT_VERSION, "loans", "1", "bias creep fixture", "2026-12-04T00:00:00Z",
                new EventSpec("event_id", "event_time", List.of(FIELD)), List.of(),
                new OutputSpec("binary", "serving_default", "features", "score", THRESHOLD, "default", "repaid"),
                BinaryMetrics.of(scores, labels, THRESHOLD), null, null,
                Fairness.of(scores, labels, attributes, List.of(FIELD), THRESHOLD), null);
        baseline = new Baseline("loans@1", "sha-fixture", 0, card);
    }

    @Test
    void groupsThatDifferAsTheyDidAtValidationRaiseNoBiasAlert() {
        Fairness.Gaps atValidation = baseline.card().fairness().gaps().get(FIELD);
        assertThat(atValidation.equalOpportunity()).isGreaterThan(0.25);
        assertThat(atValidation.demographicParity()).isGreaterThan(0.2);
        AlertEngine defaults = new AlertEngine(AlertRules.defaults(), AlertSettings.DEFAULTS);
        AlertEngine absoluteGaps = new AlertEngine(AlertRules.withOverrides(Map.of(
                "demographic_parity_gap.enabled", "true", "equal_opportunity_gap.enabled", "true"),
                AlertRules.DEFAULT_MIN_SAMPLE), AlertSettings.DEFAULTS);
        AlertState defaultState = AlertState.empty();
        AlertState absoluteState = AlertState.empty();
        List<AlertTransition> raised = new ArrayList<>();
        List<AlertTransition> raisedOnAbsoluteGaps = new ArrayList<>();
        List<MetricValue> creep = new ArrayList<>();

        for (int w = 0; w < 60; w++) {
            for (WindowReport report : window(w, Map.of())) {
                raised.addAll(defaults.evaluate(defaultState, report));
                raisedOnAbsoluteGaps.addAll(absoluteGaps.evaluate(absoluteState, report));
                report.metrics().stream().filter(m -> m.metric().endsWith("_vs_holdout")).forEach(creep::add);
            }
        }

        assertThat(raised).filteredOn(t -> t.kind().equals(MetricKind.BIAS)).isEmpty();
        // Every window was judged: each group's recall and both gaps against the holdout's.
        assertThat(creep).filteredOn(m -> m.metric().equals(MetricName.RECALL_VS_HOLDOUT)).hasSize(60 * 3);
        assertThat(creep).filteredOn(m -> m.metric().equals(MetricName.EQUAL_OPPORTUNITY_GAP_VS_HOLDOUT)).hasSize(60)
                .allSatisfy(m -> assertThat(m.baseline()).isEqualTo(atValidation.equalOpportunity()));
        assertThat(creep).filteredOn(m -> m.metric().equals(MetricName.DEMOGRAPHIC_PARITY_GAP_VS_HOLDOUT)).hasSize(60);
        // The opt-in absolute rules see the gap the model was validated with, on every window.
        assertThat(raisedOnAbsoluteGaps).filteredOn(t -> t.firing() && t.kind().equals(MetricKind.BIAS))
                .extracting(AlertTransition::metric)
                .contains(MetricName.EQUAL_OPPORTUNITY_GAP, MetricName.DEMOGRAPHIC_PARITY_GAP);
    }

    @Test
    void oneGroupsRecallFallingByFifteenPointsRaisesABiasAlertNamingTheGroup() {
        AlertEngine engine = new AlertEngine(AlertRules.defaults(), AlertSettings.DEFAULTS);
        AlertState state = AlertState.empty();
        List<AlertTransition> raised = new ArrayList<>();
        for (int w = 0; w < 10; w++) {
            window(w, Map.of()).forEach(report -> raised.addAll(engine.evaluate(state, report)));
        }
        assertThat(raised).filteredOn(t -> t.kind().equals(MetricKind.BIAS)).isEmpty();

        int firstWindowAfter = 10;
        List<AlertTransition> after = new ArrayList<>();
        for (int w = firstWindowAfter; w < firstWindowAfter + 3; w++) {
            window(w, Map.of("b", 0.55)).forEach(report -> after.addAll(engine.evaluate(state, report)));
        }

        // b's recall (0.70 -> 0.55) now equals c's: the spread of recall across groups did not change,
        // so only the per-group comparison with the holdout can see it.
        // The sequential sum of its shortfall (recall_vs_holdout_cusum) may fire too; every bias alert names b.
        assertThat(after).filteredOn(t -> t.firing() && t.kind().equals(MetricKind.BIAS))
                .allSatisfy(t -> assertThat(t.segment()).isEqualTo(FIELD + "=b"));
        assertThat(after).filteredOn(t -> t.firing() && t.metric().equals(MetricName.RECALL_VS_HOLDOUT))
                .singleElement().satisfies(t -> {
                    assertThat(t.metric()).isEqualTo(MetricName.RECALL_VS_HOLDOUT);
                    assertThat(t.segment()).isEqualTo(FIELD + "=b");
                    assertThat(t.message()).contains("recall in segment=b", "below the reference 0.7",
                            "vs the same groups on the holdout");
                });
    }

    /** The served and the performance report of window {@code w}; {@code recalls} replaces groups' recall. */
    private List<WindowReport> window(int w, Map<String, Double> recalls) {
        ServedWindow servedWindow = new ServedWindow();
        PerformanceWindow performanceWindow = new PerformanceWindow();
        for (Prediction p : draw(PER_WINDOW, recalls)) {
            served.add(servedWindow, p, baseline);
            performance.addLabeled(performanceWindow, p, label(p), baseline);
        }
        long start = w * WINDOW_MS;
        return List.of(
                new WindowReport("loans", "1", start, start + WINDOW_MS, start, servedMetrics.evaluate(servedWindow, baseline), 0),
                new WindowReport("loans", "1", start, start + WINDOW_MS, start,
                        performanceMetrics.evaluate(performanceWindow, baseline), 0));
    }

    /** {@code count} scored events, a third per group; the label is carried in the entity id. */
    private List<Prediction> draw(int count, Map<String, Double> recalls) {
        List<Prediction> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String group = NAMES.get(i % NAMES.size());
            double[] g = GROUPS.get(group);
            boolean positive = random.nextDouble() < g[0];
            double recall = recalls.getOrDefault(group, g[1]);
            boolean decided = random.nextDouble() < (positive ? recall : g[2]);
            double score = decided ? 0.55 + 0.4 * random.nextDouble() : 0.05 + 0.4 * random.nextDouble();
            long n = sequence++;
            out.add(Prediction.newBuilder()
                    .setEventId("e-" + n)
                    .setEntityId(positive ? "positive" : "negative")
                    .setModelName("loans")
                    .setModelVersion("1")
                    .setRole(ModelRole.CHAMPION)
                    .setScore(score)
                    .setDecision(decided ? "default" : "repaid")
                    .setDecisionThreshold(THRESHOLD)
                    .setEventTime(Instant.ofEpochMilli(n))
                    .setScoredTime(Instant.ofEpochMilli(n))
                    .setFeatures(Map.of())
                    .setAttributes(Map.of(FIELD, group))
                    .build());
        }
        return out;
    }

    private static Label label(Prediction p) {
        return Label.newBuilder().setEventId(p.getEventId()).setLabel(p.getEntityId().equals("positive") ? 1 : 0)
                .setLabelTime(p.getEventTime()).setSource("fixture").build();
    }
}
