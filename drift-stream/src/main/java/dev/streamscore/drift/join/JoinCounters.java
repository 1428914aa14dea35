package dev.streamscore.drift.join;

import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.StreamsMetrics;

/**
 * The join's counts as Kafka Streams metrics ({@code <name>-total} and {@code <name>-rate} in
 * group {@code stream-drift-join-metrics}, tagged with the task), so they show up in JMX and
 * {@code KafkaStreams.metrics()}: events that are not errors but someone should be able to see.
 */
final class JoinCounters {
    static final String SCOPE = "drift-join";

    final Sensor duplicatePredictions;
    final Sensor duplicateLabels;
    final Sensor labeled;
    final Sensor unlabeled;
    final Sensor relabeled;
    final Sensor lateLabels;
    final Sensor labelsWithoutPrediction;

    JoinCounters(StreamsMetrics metrics, String taskId) {
        duplicatePredictions = sensor(metrics, taskId, "duplicate-predictions");
        duplicateLabels = sensor(metrics, taskId, "duplicate-labels");
        labeled = sensor(metrics, taskId, "labeled-predictions");
        unlabeled = sensor(metrics, taskId, "unlabeled-predictions");
        relabeled = sensor(metrics, taskId, "relabeled-predictions");
        lateLabels = sensor(metrics, taskId, "late-labels");
        labelsWithoutPrediction = sensor(metrics, taskId, "labels-without-prediction");
    }

    private static Sensor sensor(StreamsMetrics metrics, String taskId, String name) {
        return metrics.addRateTotalSensor(SCOPE, taskId, name, Sensor.RecordingLevel.INFO);
    }
}
