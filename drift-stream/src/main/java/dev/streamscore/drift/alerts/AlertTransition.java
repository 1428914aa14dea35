package dev.streamscore.drift.alerts;

/**
 * An alert starting (FIRING, also re-sent with the same id when it escalates to a higher severity)
 * or stopping (RESOLVED); becomes an Avro {@code Alert} at the topology's edge.
 */
public record AlertTransition(String alertId, String modelName, String modelVersion, String kind, AlertSeverity severity,
        boolean firing, String rule, String metric, String feature, String segment, double value, double threshold,
        long windowStart, long windowEnd, long sampleSize, String message) {
}
