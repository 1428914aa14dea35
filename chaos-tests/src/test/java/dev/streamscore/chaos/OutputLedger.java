package dev.streamscore.chaos;

import dev.streamscore.avro.LabeledPrediction;
import dev.streamscore.avro.MonitorMetric;
import dev.streamscore.avro.Prediction;
import dev.streamscore.schemas.registry.SchemaRegistryClientConfig;
import dev.streamscore.schemas.serde.ConfluentAvroDeserializer;
import dev.streamscore.scoring.io.DeadLetterSerializer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a user reading the output topics sees, recorded as it arrives: predictions as a
 * read_committed and as a read_uncommitted consumer, dead letters, joined pairs and window
 * metrics (read_committed), each with its arrival time here. Values are decoded through the
 * registry; while the registry is down a record with an id not yet cached is retried until it is back.
 */
final class OutputLedger implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OutputLedger.class);

    /** One output record: the event id it is about and when this consumer received it. */
    record Arrival(String eventId, Instant at) {
    }

    /** A dead letter: the reason headers and the original value bytes. */
    record DeadLetter(String kind, String message, byte[] value, Instant at) {
    }

    final List<Arrival> committedPredictions = new CopyOnWriteArrayList<>();
    final Map<String, Instant> predictionEventTimes = new ConcurrentHashMap<>();
    final List<Arrival> uncommittedPredictions = new CopyOnWriteArrayList<>();
    final List<DeadLetter> deadLetters = new CopyOnWriteArrayList<>();
    final List<DeadLetter> driftDeadLetters = new CopyOnWriteArrayList<>();
    final List<Arrival> joined = new CopyOnWriteArrayList<>();
    final List<MonitorMetric> metrics = new CopyOnWriteArrayList<>();
    final List<Instant> metricArrivals = new CopyOnWriteArrayList<>();

    private final String bootstrapServers;
    private final String registryUrl;
    private final Map<DeadLetter, String> deadLetterIds = new ConcurrentHashMap<>();
    private final ConfluentAvroDeserializer<GenericRecord> originals = new ConfluentAvroDeserializer<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stopped;

    OutputLedger(String bootstrapServers, String registryUrl, ChaosSystem.Topics topics) {
        this.bootstrapServers = bootstrapServers;
        this.registryUrl = registryUrl;
        originals.configure(Map.of(SchemaRegistryClientConfig.URL, registryUrl), false);
        ConfluentAvroDeserializer<Prediction> predictions = specific(Prediction.class);
        follow(topics.predictions(), true, r -> {
            Prediction p = predictions.deserialize(r.topic(), r.value());
            committedPredictions.add(new Arrival(p.getEventId(), Instant.now()));
            predictionEventTimes.put(p.getEventId(), p.getEventTime());
        });
        ConfluentAvroDeserializer<Prediction> uncommitted = specific(Prediction.class);
        follow(topics.predictions(), false, r -> uncommittedPredictions.add(
                new Arrival(uncommitted.deserialize(r.topic(), r.value()).getEventId(), Instant.now())));
        follow(topics.deadLetters(), true, r -> deadLetters.add(new DeadLetter(header(r, DeadLetterSerializer.KIND),
                header(r, DeadLetterSerializer.MESSAGE), r.value(), Instant.now())));
        follow(topics.driftDeadLetters(), true, r -> driftDeadLetters.add(new DeadLetter(
                r.headers().toArray().length == 0 ? null : firstHeaderWith(r, "exception", "reason", "kind"), null, r.value(), Instant.now())));
        ConfluentAvroDeserializer<LabeledPrediction> pairs = specific(LabeledPrediction.class);
        follow(topics.labeledPredictions(), true, r -> joined.add(
                new Arrival(pairs.deserialize(r.topic(), r.value()).getEventId(), Instant.now())));
        ConfluentAvroDeserializer<MonitorMetric> windows = specific(MonitorMetric.class);
        follow(topics.driftMetrics(), true, r -> {
            metrics.add(windows.deserialize(r.topic(), r.value()));
            metricArrivals.add(Instant.now());
        });
    }

    /**
     * The event id inside a dead letter's original value, decoded through the registry (which must
     * be up the first time a schema id is seen). Called from the test thread only.
     */
    String eventIdOf(DeadLetter deadLetter) {
        return deadLetterIds.computeIfAbsent(deadLetter,
                d -> String.valueOf(originals.deserialize("dead-letters", d.value()).get("event_id")));
    }

    private <T> ConfluentAvroDeserializer<T> specific(Class<T> type) {
        ConfluentAvroDeserializer<T> deserializer = new ConfluentAvroDeserializer<>();
        deserializer.configure(Map.of(SchemaRegistryClientConfig.URL, registryUrl, "specific.avro.reader", "true"), false);
        return deserializer;
    }

    private void follow(String topic, boolean committed, Consumer<ConsumerRecord<byte[], byte[]>> onRecord) {
        Thread thread = new Thread(() -> {
            Properties props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, committed ? "read_committed" : "read_uncommitted");
            // Assigned, not subscribed: no consumer group, so no rebalance when every broker restarts,
            // which would send a group without committed offsets back to the earliest record.
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                    new ByteArrayDeserializer())) {
                List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                        .map(p -> new TopicPartition(topic, p.partition())).toList();
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                while (!stopped) {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                        handle(record, onRecord);
                    }
                }
            } catch (RuntimeException e) {
                if (!stopped) {
                    LOG.error("Reading {} failed; the ledger of this topic stops here", topic, e);
                }
            }
        }, "ledger-" + topic + (committed ? "" : "-uncommitted"));
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
    }

    /** Retries a record whose schema cannot be fetched while the registry is down, so none is skipped. */
    private void handle(ConsumerRecord<byte[], byte[]> record, Consumer<ConsumerRecord<byte[], byte[]>> onRecord) {
        while (!stopped) {
            try {
                onRecord.accept(record);
                return;
            } catch (RuntimeException e) {
                LOG.warn("Cannot decode {}-{}@{} yet ({}); retrying", record.topic(), record.partition(), record.offset(),
                        e.toString());
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** The value of the first header whose name contains one of {@code parts}: drift-stream's reason header. */
    private static String firstHeaderWith(ConsumerRecord<byte[], byte[]> record, String... parts) {
        for (Header header : record.headers()) {
            for (String part : parts) {
                if (header.key().contains(part)) {
                    return new String(header.value(), StandardCharsets.UTF_8);
                }
            }
        }
        return null;
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        stopped = true;
        for (Thread thread : threads) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
