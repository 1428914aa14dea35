package dev.streamscore.drift.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamscore.avro.Alert;
import dev.streamscore.avro.AlertState;
import dev.streamscore.avro.MonitorMetric;
import dev.streamscore.avro.Severity;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DriftMetersTest {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final DriftMeters meters = new DriftMeters(registry);

    @Test
    void gaugesShowTheLatestWindowOfEachSeries() {
        meters.record(metric("amount", 0.05, 900));
        meters.record(metric("amount", 0.31, 1000));
        meters.record(metric(null, 0.8, 1000));

        String text = registry.scrape();
        assertThat(text).contains(
                "streamscore_drift_metric_value{feature=\"amount\",kind=\"data_drift\",metric=\"psi\",model=\"fraud\",segment=\"-\",version=\"1\"} 0.31",
                "streamscore_drift_metric_sample_size{feature=\"amount\",kind=\"data_drift\",metric=\"psi\",model=\"fraud\",segment=\"-\",version=\"1\"} 1000",
                "streamscore_drift_metric_value{feature=\"-\",kind=\"data_drift\",metric=\"psi\",model=\"fraud\",segment=\"-\",version=\"1\"} 0.8");
    }

    @Test
    void alertsAreCountedBySeverityAndState() {
        meters.record(alert(AlertState.FIRING));
        meters.record(alert(AlertState.FIRING));
        meters.record(alert(AlertState.RESOLVED));

        String text = registry.scrape();
        assertThat(text).contains(
                "streamscore_drift_alerts_total{kind=\"data_drift\",model=\"fraud\",severity=\"CRITICAL\",state=\"FIRING\",version=\"1\"} 2.0",
                "streamscore_drift_alerts_total{kind=\"data_drift\",model=\"fraud\",severity=\"CRITICAL\",state=\"RESOLVED\",version=\"1\"} 1.0");
    }

    private static MonitorMetric metric(String feature, double value, long sampleSize) {
        return MonitorMetric.newBuilder().setModelName("fraud").setModelVersion("1")
                .setWindowStart(Instant.ofEpochMilli(0)).setWindowEnd(Instant.ofEpochMilli(60_000))
                .setKind("data_drift").setMetric("psi").setFeature(feature).setSegment(null).setValue(value)
                .setBaseline(null).setSampleSize(sampleSize).setComputedTime(Instant.ofEpochMilli(61_000)).build();
    }

    private static Alert alert(AlertState state) {
        return Alert.newBuilder().setAlertId("a").setModelName("fraud").setModelVersion("1").setKind("data_drift")
                .setSeverity(Severity.CRITICAL).setState(state).setRule("psi").setMetric("psi").setFeature("amount")
                .setSegment(null).setValue(0.4).setThreshold(0.25).setWindowStart(Instant.ofEpochMilli(0))
                .setWindowEnd(Instant.ofEpochMilli(60_000)).setSampleSize(1000).setMessage("m")
                .setCreatedTime(Instant.ofEpochMilli(61_000)).build();
    }
}
