package dev.streamscore.drift.metrics;

/** The metric families of MonitorMetric.kind and Alert.kind; strings so new families never break consumers. */
public final class MetricKind {
    public static final String DATA_DRIFT = "data_drift";
    public static final String PREDICTION_DRIFT = "prediction_drift";
    public static final String LABEL_DRIFT = "label_drift";
    public static final String PERFORMANCE = "performance";
    public static final String SKEW = "skew";
    public static final String BIAS = "bias";
    /**
     * What a served window counted (its events and late events); what a performance window counted
     * is of kind {@link #PERFORMANCE}.
     */
    public static final String SERVED = "served";

    private MetricKind() {
    }
}
