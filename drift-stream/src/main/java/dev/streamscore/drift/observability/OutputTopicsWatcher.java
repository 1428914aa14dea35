package dev.streamscore.drift.observability;

import dev.streamscore.avro.Alert;
import dev.streamscore.avro.MonitorMetric;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the drift-metrics and alerts topics from their end (read_committed, no consumer group, no
 * commits) and feeds {@link DriftMeters}. Kept apart from the topology on purpose: observing the
 * outputs cannot change what the topology computes. Every instance reads every partition, so the
 * gauges show the latest value cluster-wide and each instance's alert counter counts every alert
 * written after it started (aggregate with max(), not sum(), across instances).
 */
final class OutputTopicsWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OutputTopicsWatcher.class);
    private static final Duration POLL = Duration.ofSeconds(1);
    private static final long RETRY_ASSIGN_MS = 5_000;

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String metricsTopic;
    private final String alertsTopic;
    private final Deserializer<MonitorMetric> metrics;
    private final Deserializer<Alert> alerts;
    private final DriftMeters meters;
    private final Thread thread;
    private volatile boolean running = true;

    OutputTopicsWatcher(String applicationId, Properties clientProperties, String metricsTopic, String alertsTopic,
            Deserializer<MonitorMetric> metrics, Deserializer<Alert> alerts, DriftMeters meters) {
        Properties props = new Properties();
        // Only the consumer's own settings (bootstrap servers, security): the Streams ones would be logged as unknown.
        for (String name : clientProperties.stringPropertyNames()) {
            if (ConsumerConfig.configNames().contains(name)) {
                props.put(name, clientProperties.getProperty(name));
            }
        }
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, applicationId + "-metrics-watcher");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.metricsTopic = metricsTopic;
        this.alertsTopic = alertsTopic;
        this.metrics = metrics;
        this.alerts = alerts;
        this.meters = meters;
        this.thread = new Thread(this::run, "drift-metrics-watcher");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void run() {
        try {
            while (running && !assign()) {
                Thread.sleep(RETRY_ASSIGN_MS);
            }
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    handle(record);
                }
            }
        } catch (WakeupException | InterruptedException e) {
            // close() was called
        } catch (RuntimeException e) {
            LOG.warn("Watching {} and {} for the Prometheus meters failed; those meters stop updating", metricsTopic,
                    alertsTopic, e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** Assigns every partition of both topics; false while either does not exist yet. */
    private boolean assign() {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(metricsTopic, alertsTopic)) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
            if (infos == null || infos.isEmpty()) {
                LOG.debug("Topic {} does not exist yet", topic);
                return false;
            }
            infos.forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
        }
        consumer.assign(partitions);
        return true;
    }

    private void handle(ConsumerRecord<byte[], byte[]> record) {
        if (record.value() == null) {
            return;
        }
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
        running = false;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
