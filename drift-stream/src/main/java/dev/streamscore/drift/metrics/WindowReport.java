package dev.streamscore.drift.metrics;

import java.util.List;
import java.util.Objects;

/**
 * Every metric of one closed window of one model version: the unit the alert rules evaluate
 * (multiple-testing control needs all of a window's p-values at once) and the source of its
 * drift-metrics records.
 *
 * @param modelName    model name
 * @param modelVersion model version
 * @param windowStart  event-time start, inclusive (epoch ms)
 * @param windowEnd    event-time end, exclusive (epoch ms)
 * @param computedTime wall clock when it was computed (epoch ms)
 * @param metrics      the values
 * @param revision     0 for the window's first result; 1, 2, ... for later ones (the final result after a
 *                     provisional one, results revised with late records)
 * @param provisional  a performance window's result before its labels are final (coverage reached)
 */
public record WindowReport(String modelName, String modelVersion, long windowStart, long windowEnd, long computedTime,
        List<MetricValue> metrics, int revision, boolean provisional) {
    public WindowReport {
        Objects.requireNonNull(modelName, "modelName");
        Objects.requireNonNull(modelVersion, "modelVersion");
        metrics = List.copyOf(metrics);
        if (revision < 0) {
            throw new IllegalArgumentException("revision must be >= 0, was " + revision);
        }
    }

    /** A window's final result: at its close (revision 0) or later. */
    public WindowReport(String modelName, String modelVersion, long windowStart, long windowEnd, long computedTime,
            List<MetricValue> metrics, int revision) {
        this(modelName, modelVersion, windowStart, windowEnd, computedTime, metrics, revision, false);
    }

    /** A window's result at its close. */
    public WindowReport(String modelName, String modelVersion, long windowStart, long windowEnd, long computedTime,
            List<MetricValue> metrics) {
        this(modelName, modelVersion, windowStart, windowEnd, computedTime, metrics, 0);
    }

    /** {@code name@version}, the key of metrics, alerts and baselines. */
    public String modelKey() {
        return ModelKeys.of(modelName, modelVersion);
    }

    public boolean isRevision() {
        return revision > 0;
    }
}
