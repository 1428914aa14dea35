package dev.streamscore.drift.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamscore.drift.metrics.MetricValue;
import dev.streamscore.drift.metrics.WindowReport;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricHistoryTest {
    private static final String PSI = MetricHistory.seriesId("data_drift", "psi", "amount");
    private static final String AUC = MetricHistory.seriesId("performance", "auc", null);

    @Test
    void servedAndPerformanceReportsOfOneWindowFillOneEntry() {
        MetricHistory h = MetricHistory.empty()
                .with(served(0, 0.3), 10)
                .with(performance(0, 0.9), 10);
        assertThat(h.windows()).singleElement().satisfies(w -> {
            assertThat(w.values()).containsEntry(PSI, 0.3).containsEntry(AUC, 0.9);
            assertThat(w.events()).isEqualTo(1_000);
            assertThat(w.labeled()).isEqualTo(950);
        });
        assertThat(h.baselines()).containsEntry(AUC, 0.93);
    }

    @Test
    void keepsTheNewestWindowsAndDropsReportsOlderThanAllOfThem() {
        MetricHistory h = MetricHistory.empty();
        for (int w = 0; w < 5; w++) {
            h = h.with(served(w, w / 10.0), 3);
        }
        assertThat(h.windows()).extracting(MetricHistory.Window::start).containsExactly(2_000L, 3_000L, 4_000L);
        MetricHistory late = h.with(performance(1, 0.8), 3);
        assertThat(late).isSameAs(h);
        assertThat(h.with(performance(3, 0.8), 3).windows().get(1).values()).containsEntry(AUC, 0.8);
        // A window between kept ones is still taken in order.
        MetricHistory gap = MetricHistory.empty().with(served(0, 0.1), 3).with(served(2, 0.1), 3).with(served(1, 0.2), 3);
        assertThat(gap.windows()).extracting(MetricHistory.Window::start).containsExactly(0L, 1_000L, 2_000L);
    }

    @Test
    void onlyChartedMetricsAreKept() {
        WindowReport report = new WindowReport("fraud", "1", 0, 1_000, 0, List.of(
                new MetricValue("data_drift", "ks_pvalue", "amount", null, 0.01, null, 1_000),
                new MetricValue("bias", "positive_rate", null, "segment=retail", 0.1, null, 500),
                new MetricValue("data_drift", "js_distance", "amount", null, 0.05, null, 1_000)));
        assertThat(MetricHistory.empty().with(report, 5).seriesIds())
                .containsExactly(MetricHistory.seriesId("data_drift", "js_distance", "amount"));
        WindowReport onlyLateLabels = new WindowReport("fraud", "1", 0, 1_000, 0, List.of(
                new MetricValue("performance", "late_labels", null, null, 3, null, 3)));
        assertThat(MetricHistory.empty().with(onlyLateLabels, 5).windows()).as("no window of nothing charted").isEmpty();
    }

    @Test
    void survivesItsBinaryFormatIncludingNaNAndAbsentValues() {
        MetricHistory h = MetricHistory.empty()
                .with(served(0, Double.NaN), 5)
                .with(performance(1, 0.9), 5);
        MetricHistory back = MetricHistory.fromBytes(h.toBytes());
        assertThat(back).isEqualTo(h);
        assertThat(back.windows().get(0).values().get(PSI)).isNaN();
        assertThat(back.windows().get(1).values()).doesNotContainKey(PSI);
    }

    @Test
    void aRevisionUpdatesItsWindowAndMarksItsLateEvents() {
        MetricHistory h = MetricHistory.empty().with(served(0, 0.3), 10).with(served(1, 0.1), 10);
        MetricHistory revised = h.with(served(0, 0.2, 1_100, 100, 1), 10);
        assertThat(revised.windows()).hasSize(2);
        assertThat(revised.windows().get(0)).satisfies(w -> {
            assertThat(w.values()).containsEntry(PSI, 0.2);
            assertThat(w.events()).isEqualTo(1_100);
            assertThat(w.lateEvents()).isEqualTo(100);
            assertThat(w.revision()).isEqualTo(1);
        });
        assertThat(revised.windows().get(1).revision()).isZero();
        assertThat(revised.seriesIds()).as("counts are not chart series").noneMatch(id -> id.startsWith("served|"));
        assertThat(MetricHistory.fromBytes(revised.toBytes())).isEqualTo(revised);
    }

    @Test
    void aWindowsPerformanceIsMarkedProvisionalUntilItsFinalResultComes() {
        MetricHistory early = MetricHistory.empty().with(served(0, 0.1), 10).with(performance(0, 0.90, 0, true), 10);
        assertThat(early.windows().get(0).provisional()).isTrue();
        assertThat(early.windows().get(0).values()).containsEntry(AUC, 0.90);
        assertThat(MetricHistory.fromBytes(early.toBytes())).isEqualTo(early);

        MetricHistory last = early.with(performance(0, 0.91, 1, false), 10);
        assertThat(last.windows().get(0).provisional()).isFalse();
        assertThat(last.windows().get(0).values()).containsEntry(AUC, 0.91);
        assertThat(last.windows().get(0).revision()).isEqualTo(1);
        assertThat(last.windows().get(0).lateEvents()).as("a final result is no late record").isZero();
    }

    private static WindowReport served(int window, double psi) {
        return served(window, psi, 1_000, 0, 0);
    }

    private static WindowReport served(int window, double psi, long events, long late, int revision) {
        return new WindowReport("fraud", "1", window * 1_000L, (window + 1) * 1_000L, 0, List.of(
                new MetricValue("data_drift", "psi", "amount", null, psi, null, events),
                new MetricValue("prediction_drift", "positive_rate", null, null, 0.02, null, events),
                new MetricValue("served", "events", null, null, events, null, events),
                new MetricValue("served", "late_events", null, null, late, null, events)), revision);
    }

    private static WindowReport performance(int window, double auc) {
        return performance(window, auc, 0, false);
    }

    private static WindowReport performance(int window, double auc, int revision, boolean provisional) {
        return new WindowReport("fraud", "1", window * 1_000L, (window + 1) * 1_000L, 0, List.of(
                new MetricValue("performance", "auc", null, null, auc, 0.93, 950),
                new MetricValue("performance", "log_loss", null, null, 0.1, 0.09, 950),
                new MetricValue("performance", "events", null, null, 1_000, null, 1_000),
                new MetricValue("performance", "labeled_pairs", null, null, 950, null, 950),
                new MetricValue("performance", "late_events", null, null, 0, null, 1_000)), revision, provisional);
    }
}
