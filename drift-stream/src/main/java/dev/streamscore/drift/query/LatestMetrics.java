package dev.streamscore.drift.query;

import dev.streamscore.drift.metrics.MetricValue;
import dev.streamscore.drift.metrics.WindowReport;
import java.util.Map;
import java.util.TreeMap;

/**
 * The most recent closed window's value of every metric of one model version, for the
 * {@code /metrics/latest} query. Served and performance windows close at different times (the
 * latter wait for labels), so each metric keeps the window it was last computed for. Its size is
 * bounded by the metrics a window has (features, segment groups), not by traffic.
 *
 * @param metrics by {@code kind|metric|feature|segment}
 */
public record LatestMetrics(Map<String, LatestMetric> metrics) {
    public LatestMetrics {
        metrics = new TreeMap<>(metrics == null ? Map.of() : metrics);
    }

    /**
     * One metric's latest value.
     *
     * @param windowStart event-time start of its window (epoch ms)
     * @param windowEnd   event-time end of its window (epoch ms)
     */
    public record LatestMetric(String kind, String metric, String feature, String segment, double value, Double baseline,
            long sampleSize, long windowStart, long windowEnd) {
    }

    public static LatestMetrics empty() {
        return new LatestMetrics(Map.of());
    }

    /** This state with the report's values in place of older ones (a late report of an older window changes nothing). */
    public LatestMetrics with(WindowReport report) {
        Map<String, LatestMetric> next = new TreeMap<>(metrics);
        for (MetricValue m : report.metrics()) {
            String id = m.kind() + "|" + m.metric() + "|" + dash(m.feature()) + "|" + dash(m.segment());
            LatestMetric current = next.get(id);
            if (current == null || current.windowEnd() <= report.windowEnd()) {
                next.put(id, new LatestMetric(m.kind(), m.metric(), m.feature(), m.segment(), m.value(), m.baseline(),
                        m.sampleSize(), report.windowStart(), report.windowEnd()));
            }
        }
        return new LatestMetrics(next);
    }

    private static String dash(String s) {
        return s == null ? "-" : s;
    }
}
