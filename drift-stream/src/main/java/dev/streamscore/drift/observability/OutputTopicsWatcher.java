package dev.streamscore.drift.observability;

import dev.streamscore.avro.Alert;
import dev.streamscore.avro.MonitorMetric;
import dev.streamscore.drift.TopicFollower;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the drift-metrics and alerts topics from their end and feeds {@link DriftMeters}. Every
 * instance reads every partition, so the gauges show the latest value cluster-wide and each
 * instance's alert counter counts every alert written after it started (aggregate with max(), not
 * sum(), across instances).
 */
final class OutputTopicsWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OutputTopicsWatcher.class);

    private final String metricsTopic;
    private final Deserializer<MonitorMetric> metrics;
    private final Deserializer<Alert> alerts;
    private final DriftMeters meters;
    private final TopicFollower follower;

    OutputTopicsWatcher(String applicationId, Properties clientProperties, String metricsTopic, String alertsTopic,
            Deserializer<MonitorMetric> metrics, Deserializer<Alert> alerts, DriftMeters meters) {
        this.metricsTopic = metricsTopic;
        this.metrics = metrics;
        this.alerts = alerts;
        this.meters = meters;
        this.follower = new TopicFollower(applicationId + "-metrics-watcher", clientProperties,
                List.of(metricsTopic, alertsTopic), false, Duration.ofSeconds(5), this::handle, "the Prometheus meters");
    }

    void start() {
        follower.start();
    }

    private void handle(ConsumerRecord<byte[], byte[]> record) {
        try {
            if (record.topic().equals(metricsTopic)) {
                meters.record(metrics.deserialize(record.topic(), record.headers(), record.value()));
            } else {
                meters.record(alerts.deserialize(record.topic(), record.headers(), record.value()));
            }
        } catch (RuntimeException e) {
            LOG.debug("Skipping an undecodable record at {}-{}@{}", record.topic(), record.partition(), record.offset(), e);
        }
    }

    @Override
    public void close() {
        follower.close();
    }
}
