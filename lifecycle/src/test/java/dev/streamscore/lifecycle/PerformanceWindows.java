package dev.streamscore.lifecycle;

import dev.streamscore.avro.MonitorMetric;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The records drift-stream writes to drift-metrics for one version's performance window that a rollout is judged on. */
final class PerformanceWindows {
    private PerformanceWindows() {
    }

    /** The window's first whole-traffic AUC and label rate (revision 0, provisional), from {@code labels} pairs. */
    static List<MonitorMetric> of(String version, Instant start, Duration size, double auc, long labels,
            double positiveRate) {
        return List.of(record(version, start, size, "performance", "auc", auc, labels),
                record(version, start, size, "label_drift", "label_rate", positiveRate, labels));
    }

    static MonitorMetric record(String version, Instant start, Duration size, String kind, String metric, double value,
            long labels) {
        return MonitorMetric.newBuilder().setModelName("fraud").setModelVersion(version).setWindowStart(start)
                .setWindowEnd(start.plus(size)).setKind(kind).setMetric(metric).setValue(value).setSampleSize(labels)
                .setComputedTime(start.plus(size)).setRevision(0).setProvisional(true).build();
    }
}
