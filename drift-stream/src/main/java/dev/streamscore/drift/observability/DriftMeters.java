package dev.streamscore.drift.observability;

import dev.streamscore.avro.Alert;
import dev.streamscore.avro.MonitorMetric;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * drift-stream's own meters, fed from the records on its output topics:
 * <ul>
 *   <li>{@code streamscore_drift_metric_value} (gauge): the latest value of each drift, skew,
 *       performance and bias metric, by model, version, kind, metric, feature and segment;</li>
 *   <li>{@code streamscore_drift_metric_sample_size} (gauge): that window's sample size;</li>
 *   <li>{@code streamscore_drift_alerts_total} (counter): alert transitions, by model, version,
 *       kind, severity and state (FIRING or RESOLVED).</li>
 * </ul>
 * Every meter of a name carries the same tag keys (Prometheus needs one label set per name): a
 * whole-model metric has feature "-", all traffic has segment "-".
 */
final class DriftMeters {
    static final String METRIC_VALUE = "streamscore.drift.metric.value";
    static final String METRIC_SAMPLE_SIZE = "streamscore.drift.metric.sample.size";
    static final String ALERTS = "streamscore.drift.alerts";
    private static final String NONE = "-";

    /** The latest value of one metric series; gauges read it. */
    private static final class Latest {
        volatile double value = Double.NaN;
        volatile double sampleSize;
    }

    private final MeterRegistry registry;
    private final Map<List<String>, Latest> latest = new ConcurrentHashMap<>();

    DriftMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    void record(MonitorMetric metric) {
        List<String> key = List.of(metric.getModelName(), metric.getModelVersion(), metric.getKind(), metric.getMetric(),
                orNone(metric.getFeature()), orNone(metric.getSegment()));
        Latest series = latest.computeIfAbsent(key, k -> {
            Latest created = new Latest();
            Tags tags = Tags.of("model", k.get(0), "version", k.get(1), "kind", k.get(2), "metric", k.get(3),
                    "feature", k.get(4), "segment", k.get(5));
            Gauge.builder(METRIC_VALUE, created, s -> s.value).tags(tags)
                    .description("Latest window's value of a drift-stream metric").register(registry);
            Gauge.builder(METRIC_SAMPLE_SIZE, created, s -> s.sampleSize).tags(tags)
                    .description("Sample size of the latest window of a drift-stream metric").register(registry);
            return created;
        });
        series.value = metric.getValue();
        series.sampleSize = metric.getSampleSize();
    }

    void record(Alert alert) {
        Counter.builder(ALERTS)
                .tags("model", alert.getModelName(), "version", alert.getModelVersion(), "kind", alert.getKind(),
                        "severity", alert.getSeverity().name(), "state", alert.getState().name())
                .description("Alert transitions written by drift-stream")
                .register(registry)
                .increment();
    }

    private static String orNone(CharSequence value) {
        return value == null ? NONE : value.toString();
    }
}
