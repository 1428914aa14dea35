package dev.streamscore.drift.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.streamscore.drift.metrics.MetricKind;
import dev.streamscore.drift.metrics.MetricName;
import dev.streamscore.drift.metrics.MetricValue;
import dev.streamscore.drift.metrics.WindowReport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertEngineTest {
    private static final long T0 = Instant.parse("2026-01-01T12:00:00Z").toEpochMilli();
    private static final long MINUTE = 60_000;

    private final AlertSettings settings = new AlertSettings(2, 2, Duration.ofMinutes(5), 5_000);
    private final AlertEngine engine = new AlertEngine(AlertRules.defaults(), settings);
    private final AlertState state = AlertState.empty();

    @Test
    void raisesAfterTwoBreachingWindowsHoldsThenResolvesAfterTwoCleanOnes() {
        assertThat(evaluate(0, psi("amount", 0.41, 2_140))).isEmpty();

        List<AlertTransition> raised = evaluate(1, psi("amount", 0.41, 2_140));
        assertThat(raised).singleElement().satisfies(a -> {
            assertThat(a.firing()).isTrue();
            assertThat(a.severity()).isEqualTo(AlertSeverity.CRITICAL);
            assertThat(a.threshold()).isEqualTo(0.25);
            assertThat(a.feature()).isEqualTo("amount");
            assertThat(a.kind()).isEqualTo(MetricKind.DATA_DRIFT);
            assertThat(a.alertId()).isEqualTo("fraud@3/data_drift/psi/amount/-/2026-01-01T12:00:00Z");
            assertThat(a.message()).isEqualTo("PSI of amount is 0.41 (critical > 0.25) for fraud@3 in window "
                    + "2026-01-01 12:01:00-12:02:00 UTC, 2,140 events, vs the training baseline; breached 2 windows in a row.");
        });
        String id = raised.get(0).alertId();

        assertThat(evaluate(2, psi("amount", 0.5, 2_000))).as("one open alert: no repeats").isEmpty();
        assertThat(evaluate(3, psi("amount", 0.02, 2_000))).as("one clean window does not clear").isEmpty();
        assertThat(evaluate(4, psi("amount", 0.03, 2_010))).singleElement().satisfies(a -> {
            assertThat(a.firing()).isFalse();
            assertThat(a.alertId()).isEqualTo(id);
            assertThat(a.severity()).isEqualTo(AlertSeverity.CRITICAL);
            assertThat(a.message()).startsWith("Resolved: PSI of amount is 0.03, within critical > 0.25 for 2 windows");
        });
        assertThat(state.openAlerts()).isEmpty();
    }

    @Test
    void aBreachInterruptedByACleanWindowStartsCountingAgain() {
        evaluate(0, psi("amount", 0.3, 1_000));
        evaluate(1, psi("amount", 0.01, 1_000));
        assertThat(evaluate(2, psi("amount", 0.3, 1_000))).isEmpty();
        assertThat(evaluate(3, psi("amount", 0.3, 1_000))).singleElement()
                .satisfies(a -> assertThat(a.alertId()).endsWith("/2026-01-01T12:02:00Z"));
    }

    @Test
    void windowsBelowTheMinimumSampleNeitherRaiseNorClear() {
        evaluate(0, psi("amount", 0.5, 1_000));
        assertThat(evaluate(1, psi("amount", 0.5, 150))).as("too small to count as a breach").isEmpty();
        assertThat(evaluate(2, psi("amount", 0.5, 1_000))).hasSize(1);
        evaluate(3, psi("amount", 0.01, 1_000));
        assertThat(evaluate(4, psi("amount", 0.01, 10))).as("too small to count as clean").isEmpty();
        assertThat(state.openAlerts()).hasSize(1);
        assertThat(evaluate(5, psi("amount", 0.01, 1_000))).singleElement()
                .satisfies(a -> assertThat(a.firing()).isFalse());
    }

    @Test
    void escalatesOnceFromWarningToCriticalWithTheSameId() {
        evaluate(0, psi("amount", 0.15, 1_000));
        AlertTransition warning = evaluate(1, psi("amount", 0.15, 1_000)).get(0);
        assertThat(warning.severity()).isEqualTo(AlertSeverity.WARNING);
        assertThat(warning.threshold()).isEqualTo(0.1);
        List<AlertTransition> escalated = evaluate(2, psi("amount", 0.3, 1_000));
        assertThat(escalated).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(AlertSeverity.CRITICAL);
            assertThat(a.alertId()).isEqualTo(warning.alertId());
            assertThat(a.message()).startsWith("Escalated to critical: ");
        });
        assertThat(evaluate(3, psi("amount", 0.15, 1_000))).as("no de-escalation record").isEmpty();
    }

    @Test
    void cooldownKeepsARecoveredRuleQuietThenLetsItFireAgain() {
        evaluate(0, psi("amount", 0.3, 1_000));
        evaluate(1, psi("amount", 0.3, 1_000));
        evaluate(2, psi("amount", 0.0, 1_000));
        assertThat(evaluate(3, psi("amount", 0.0, 1_000))).hasSize(1); // resolved at window end 12:04; cooldown to 12:09
        assertThat(evaluate(4, psi("amount", 0.3, 1_000))).isEmpty();
        assertThat(evaluate(5, psi("amount", 0.3, 1_000))).as("in cooldown").isEmpty();
        assertThat(evaluate(7, psi("amount", 0.3, 1_000))).as("window ends 12:08, still in cooldown").isEmpty();
        assertThat(evaluate(8, psi("amount", 0.3, 1_000))).as("window ends 12:09: cooldown over, streak long enough")
                .singleElement().satisfies(a -> assertThat(a.firing()).isTrue());
    }

    @Test
    void pValueRulesAreBenjaminiHochbergAdjustedAcrossFeatures() {
        // Ten features' KS tests. Raw 0.01 alone would breach 0.05; adjusted it is 0.01 * 10 / 1 = 0.1.
        List<MetricValue> calm = ksWindow(0.01);
        evaluate(0, calm.toArray(MetricValue[]::new));
        assertThat(evaluate(1, calm.toArray(MetricValue[]::new))).isEmpty();
        // Raw 0.004 adjusts to 0.04 < 0.05: a real finding survives the correction.
        List<MetricValue> drifted = ksWindow(0.004);
        evaluate(2, drifted.toArray(MetricValue[]::new));
        assertThat(evaluate(3, drifted.toArray(MetricValue[]::new))).singleElement().satisfies(a -> {
            assertThat(a.feature()).isEqualTo("f0");
            assertThat(a.metric()).isEqualTo(MetricName.KS_PVALUE);
            assertThat(a.message()).contains("Benjamini-Hochberg adjusted 0.04 < 0.05");
        });
    }

    @Test
    void pValueRulesSkipWindowsAboveTheSampleLimit() {
        MetricValue tiny = new MetricValue(MetricKind.DATA_DRIFT, MetricName.KS_PVALUE, "amount", null, 1e-9, null, 50_000);
        evaluate(0, tiny);
        assertThat(evaluate(1, tiny)).as("50,000 events make every shift significant").isEmpty();
    }

    @Test
    void overridesPerMetricAndPerFeatureAndDisabledRules() {
        AlertEngine custom = new AlertEngine(AlertRules.withOverrides(Map.of(
                "alert.psi.amount.warning", "0.5", "alert.psi.amount.critical", "none",
                "alert.linf.enabled", "true"), 200), settings);
        AlertState s = AlertState.empty();
        MetricValue[] window = {psi("amount", 0.3, 1_000), psi("merchant_category", 0.3, 1_000),
            new MetricValue(MetricKind.DATA_DRIFT, MetricName.LINF, "merchant_category", null, 0.2, null, 1_000)};
        custom.evaluate(s, report(0, window));
        List<AlertTransition> alerts = custom.evaluate(s, report(1, window));
        assertThat(alerts).extracting(AlertTransition::rule, AlertTransition::feature)
                .containsExactlyInAnyOrder(tuple("psi", "merchant_category"),
                        tuple("linf", "merchant_category"));
        assertThat(evaluate(0, new MetricValue(MetricKind.DATA_DRIFT, MetricName.LINF, "x", null, 0.9, null, 1_000)))
                .isEmpty();
        assertThat(evaluate(1, new MetricValue(MetricKind.DATA_DRIFT, MetricName.LINF, "x", null, 0.9, null, 1_000)))
                .as("linf is off by default").isEmpty();
    }

    @Test
    void performanceRulesCompareWithTheHoldoutValue() {
        MetricValue auc = new MetricValue(MetricKind.PERFORMANCE, MetricName.AUC, null, null, 0.78, 0.90, 500);
        evaluate(0, auc);
        assertThat(evaluate(1, auc)).singleElement().satisfies(a -> {
            assertThat(a.severity()).isEqualTo(AlertSeverity.CRITICAL);
            assertThat(a.message()).startsWith("AUC is 0.78 (0.12 below the reference 0.9; critical when the drop > 0.1)")
                    .contains("500 labeled events, vs the holdout value 0.9");
        });
    }

    @Test
    void biasAndSkewRulesNameTheSegmentOrFeature() {
        MetricValue absoluteGap = new MetricValue(MetricKind.BIAS, MetricName.DEMOGRAPHIC_PARITY_GAP, null,
                "customer_segment", 0.25, null, 900);
        MetricValue gap = new MetricValue(MetricKind.BIAS, MetricName.DEMOGRAPHIC_PARITY_GAP_VS_HOLDOUT, null,
                "customer_segment", 0.25, 0.1, 900);
        MetricValue missing = new MetricValue(MetricKind.SKEW, MetricName.MISSING_RATE_DELTA, "distance", null, -0.3,
                0.03, 900);
        evaluate(0, absoluteGap, gap, missing);
        List<AlertTransition> alerts = evaluate(1, absoluteGap, gap, missing);
        assertThat(alerts).as("the absolute gap is an opt-in rule").noneMatch(a -> a.rule().equals(MetricName.DEMOGRAPHIC_PARITY_GAP));
        assertThat(alerts).extracting(AlertTransition::message).anySatisfy(m -> assertThat(m)
                .startsWith("demographic parity gap (spread of positive-decision rates) across customer_segment is 0.25 "
                        + "(0.15 above the reference 0.1; warning when the rise > 0.1)")
                .contains("900 events, vs the same groups on the holdout (0.1)"))
                .anySatisfy(m -> assertThat(m).startsWith("missing-rate change of distance is -0.3 (critical when |change| > 0.2)"));
    }

    @Test
    void idleRulesAreForgotten() {
        evaluate(0, psi("amount", 0.01, 1_000));
        assertThat(state.rules()).isEmpty();
        evaluate(1, psi("amount", 0.3, 1_000));
        assertThat(state.rules()).hasSize(1);
    }

    private List<MetricValue> ksWindow(double firstP) {
        List<MetricValue> metrics = new ArrayList<>();
        metrics.add(new MetricValue(MetricKind.DATA_DRIFT, MetricName.KS_PVALUE, "f0", null, firstP, null, 1_000));
        for (int i = 1; i < 10; i++) {
            metrics.add(new MetricValue(MetricKind.DATA_DRIFT, MetricName.KS_PVALUE, "f" + i, null, 0.5, null, 1_000));
        }
        return metrics;
    }

    @Test
    void aChangeWithinTheWindowsOwnSamplingErrorIsInconclusive() {
        // AUC 0.84 vs a holdout 0.93 is a drop of 0.09, past the 0.05 warning; with 25 positives its
        // standard error is about 0.05, so 1.8 standard errors: a breach. With an error of 0.07 it is
        // 1.3: noise, neither a breach nor a clean window.
        assertThat(evaluate(0, auc(0.84, 0.07))).isEmpty();
        assertThat(evaluate(1, auc(0.84, 0.07))).as("inside the noise twice: no alert").isEmpty();
        assertThat(evaluate(2, auc(0.84, 0.05))).isEmpty();
        assertThat(evaluate(3, auc(0.84, 0.07))).as("inconclusive: the streak goes on").isEmpty();
        assertThat(evaluate(4, auc(0.84, 0.05))).singleElement().satisfies(a -> {
            assertThat(a.metric()).isEqualTo(MetricName.AUC);
            assertThat(a.severity()).isEqualTo(AlertSeverity.WARNING);
        });
        assertThat(evaluate(5, auc(0.92, 0.07))).as("clean, however noisy").isEmpty();
        assertThat(evaluate(6, auc(0.93, 0.07))).singleElement().satisfies(a -> assertThat(a.firing()).isFalse());
    }

    private List<AlertTransition> evaluate(int window, MetricValue... metrics) {
        return engine.evaluate(state, report(window, metrics));
    }

    private static WindowReport report(int window, MetricValue... metrics) {
        long start = T0 + window * MINUTE;
        return new WindowReport("fraud", "3", start, start + MINUTE, start + MINUTE, List.of(metrics));
    }

    private static MetricValue auc(double value, double standardError) {
        return new MetricValue(MetricKind.PERFORMANCE, MetricName.AUC, null, null, value, 0.93, 1_000, standardError);
    }

    private static MetricValue psi(String feature, double value, long n) {
        return new MetricValue(MetricKind.DATA_DRIFT, MetricName.PSI, feature, null, value, null, n);
    }
}
