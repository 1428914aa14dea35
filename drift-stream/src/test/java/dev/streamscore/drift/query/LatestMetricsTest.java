package dev.streamscore.drift.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamscore.drift.metrics.MetricKind;
import dev.streamscore.drift.metrics.MetricName;
import dev.streamscore.drift.metrics.MetricValue;
import dev.streamscore.drift.metrics.WindowReport;
import dev.streamscore.drift.serde.InternalSerdes;
import java.util.List;
import org.junit.jupiter.api.Test;

class LatestMetricsTest {

    @Test
    void keepsEachMetricsMostRecentWindowWhateverOrderReportsComeIn() {
        MetricValue psi1 = new MetricValue(MetricKind.DATA_DRIFT, MetricName.PSI, "amount", null, 0.02, null, 1_000);
        MetricValue psi2 = new MetricValue(MetricKind.DATA_DRIFT, MetricName.PSI, "amount", null, 0.4, null, 900);
        MetricValue auc = new MetricValue(MetricKind.PERFORMANCE, MetricName.AUC, null, null, Double.NaN, 0.93, 0);

        LatestMetrics latest = LatestMetrics.empty()
                .with(report(1, psi1))
                .with(report(2, psi2))
                // Performance windows close later: an older window's report must not replace newer values.
                .with(report(1, auc, psi1));

        assertThat(latest.metrics()).hasSize(2);
        assertThat(latest.metrics().get("data_drift|psi|amount|-")).satisfies(m -> {
            assertThat(m.value()).isEqualTo(0.4);
            assertThat(m.windowStart()).isEqualTo(2_000);
            assertThat(m.sampleSize()).isEqualTo(900);
        });
        assertThat(latest.metrics().get("performance|auc|-|-").windowEnd()).isEqualTo(2_000);

        var serde = InternalSerdes.latestMetrics();
        LatestMetrics back = serde.deserializer().deserialize("t", serde.serializer().serialize("t", latest));
        assertThat(back.metrics().get("data_drift|psi|amount|-")).isEqualTo(latest.metrics().get("data_drift|psi|amount|-"));
        assertThat(back.metrics().get("performance|auc|-|-").value()).as("NaN survives the JSON store format").isNaN();
    }

    private static WindowReport report(int window, MetricValue... metrics) {
        return new WindowReport("fraud", "1", window * 1_000L, (window + 1) * 1_000L, 0, List.of(metrics));
    }
}
