package dev.streamscore.drift.alerts;

/** Severity of a breach; maps onto the Avro {@code Severity}. */
public enum AlertSeverity {
    WARNING,
    CRITICAL
}
