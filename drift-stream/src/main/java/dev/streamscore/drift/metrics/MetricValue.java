package dev.streamscore.drift.metrics;

import java.util.Objects;

/**
 * One computed value of one closed window, before it becomes a {@code MonitorMetric} record.
 *
 * @param kind       family ({@link MetricKind})
 * @param metric     name ({@link MetricName})
 * @param feature    the feature it is about, or null
 * @param segment    the segment ({@code field=value}, or a field name for a gap across its groups), or null
 * @param value      the value; NaN when it cannot be computed
 * @param baseline   the reference it compares with (holdout or training value), or null
 * @param sampleSize    events (or labeled pairs) it was computed from
 * @param standardError the sampling standard error of the value's departure from "no change" (from the
 *                      baseline for a metric compared with one, from 0 for a gap between groups), for the
 *                      metrics whose noise the sample size alone does not bound (AUC, group gaps);
 *                      NaN when not estimated. The alert rules use it to tell a real change from noise.
 * @param detail        what moved most, for a person reading an alert on it (the bins or categories of a
 *                      drifted feature, with their shares in training and in the window), or null
 */
public record MetricValue(String kind, String metric, String feature, String segment, double value, Double baseline,
        long sampleSize, double standardError, String detail) {
    public MetricValue {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(metric, "metric");
    }

    /** A value without an explanation. */
    public MetricValue(String kind, String metric, String feature, String segment, double value, Double baseline,
            long sampleSize, double standardError) {
        this(kind, metric, feature, segment, value, baseline, sampleSize, standardError, null);
    }

    /** A value without a standard error estimate. */
    public MetricValue(String kind, String metric, String feature, String segment, double value, Double baseline,
            long sampleSize) {
        this(kind, metric, feature, segment, value, baseline, sampleSize, Double.NaN);
    }

    public static MetricValue of(String kind, String metric, double value, long sampleSize) {
        return new MetricValue(kind, metric, null, null, value, null, sampleSize);
    }

    public MetricValue forFeature(String name) {
        return new MetricValue(kind, metric, name, segment, value, baseline, sampleSize, standardError, detail);
    }

    public MetricValue forSegment(String name) {
        return new MetricValue(kind, metric, feature, name, value, baseline, sampleSize, standardError, detail);
    }

    public MetricValue withBaseline(Double reference) {
        return new MetricValue(kind, metric, feature, segment, value, reference, sampleSize, standardError, detail);
    }

    public MetricValue withStandardError(double se) {
        return new MetricValue(kind, metric, feature, segment, value, baseline, sampleSize, se, detail);
    }

    public MetricValue withDetail(String text) {
        return new MetricValue(kind, metric, feature, segment, value, baseline, sampleSize, standardError, text);
    }

    /** What the value is about, for messages and alert ids: feature, segment, or the whole model. */
    public String subject() {
        if (feature != null && segment != null) {
            return feature + " [" + segment + "]";
        }
        return feature != null ? feature : segment != null ? segment : "all traffic";
    }
}
