package dev.streamscore.loadtest.meter;

import dev.streamscore.loadtest.generator.BenchClock;
import dev.streamscore.loadtest.generator.EventIds;
import dev.streamscore.schemas.registry.SchemaRegistryClient;
import dev.streamscore.schemas.wire.AvroWireCodec;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads an output topic (predictions, or the pass-through's copy of the events) from its end with
 * the given isolation level, and records for every record of the current probe the time from its
 * intended send time (carried in the event id) to when this consumer saw it. read_uncommitted
 * shows when a record was written; read_committed when a transaction made it visible, which is
 * what an exactly-once consumer waits for.
 */
public final class PredictionMeter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PredictionMeter.class);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String isolation;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Watch watch;
    private final AvroWireCodec codec;

    private record Watch(String tag, LatencyRecorder recorder) {
    }

    /**
     * @param registry when not null, predictions are also decoded (every 4th) to read their
     *                 {@code scored_time}: how much of the latency is before the scoring operator
     */
    public PredictionMeter(String bootstrapServers, String topic, String isolationLevel, SchemaRegistryClient registry) {
        this.isolation = isolationLevel;
        this.codec = registry == null ? null : new AvroWireCodec(registry);
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolationLevel);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition())).collect(Collectors.toList());
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        thread = new Thread(this::poll, "meter-" + topic + "-" + isolationLevel);
        thread.setDaemon(true);
        thread.start();
    }

    public String isolation() {
        return isolation;
    }

    /** From now on, records events of the probe {@code tag} into {@code recorder}. */
    public void watch(String tag, LatencyRecorder recorder) {
        watch = new Watch(tag, recorder);
    }

    private void poll() {
        long decoded = 0;
        try {
            while (running) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
                if (records.isEmpty()) {
                    continue;
                }
                long seen = BenchClock.nowMicros();
                Watch w = watch;
                if (w == null) {
                    continue;
                }
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    String id = WireEventIds.firstString(record.value());
                    if (id != null && EventIds.hasTag(id, w.tag())) {
                        long intended = EventIds.intendedMicros(id);
                        if (intended > 0) {
                            w.recorder().record(intended, seen);
                            if (codec != null && (++decoded & 3) == 0) {
                                recordScored(w.recorder(), intended, record.value());
                            }
                        }
                    }
                }
            }
        } catch (WakeupException e) {
            // close()
        } catch (RuntimeException e) {
            LOG.error("Meter ({}) stopped: {}", isolation, e.toString(), e);
        } finally {
            consumer.close();
        }
    }

    private void recordScored(LatencyRecorder recorder, long intended, byte[] value) {
        try {
            Object record = codec.decode(value, null, false);
            if (record instanceof GenericRecord r && r.getSchema().getField("scored_time") != null
                    && r.get("scored_time") instanceof Long millis) {
                recorder.recordScored(intended, millis * 1000);
            }
        } catch (RuntimeException e) {
            // Not a prediction (the pass-through's copies): nothing to split.
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
