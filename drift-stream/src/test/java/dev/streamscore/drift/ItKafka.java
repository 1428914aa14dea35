package dev.streamscore.drift;

import dev.streamscore.avro.Label;
import dev.streamscore.avro.Prediction;
import dev.streamscore.local.testing.TestStack;
import dev.streamscore.schemas.registry.SchemaRegistryClientConfig;
import dev.streamscore.schemas.serde.ConfluentAvroDeserializer;
import dev.streamscore.schemas.serde.ConfluentAvroSerializer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Producing to and reading from the test broker with the Confluent wire format, for the ITs. */
final class ItKafka {
    private ItKafka() {
    }

    /**
     * A start for IT event times: half an hour ago, on a whole minute (so windows of any size that
     * divides a minute line up with it). Not a fixed date: the broker deletes records whose
     * timestamp is older than the topic's retention (7 days) at its next retention check, even from
     * the active segment, and rejects timestamps more than an hour ahead of its clock.
     */
    static Instant recentStart() {
        return Instant.now().minus(Duration.ofMinutes(30)).truncatedTo(ChronoUnit.MINUTES);
    }

    /**
     * One record to produce, with its Kafka timestamp (event or label time, as a real producer sets
     * it), to the partition its key hashes to or to {@code partition} if not null.
     */
    record Timed(String topic, Integer partition, String key, Object value, long timestamp) {
        Timed(String topic, String key, Object value, long timestamp) {
            this(topic, null, key, value, timestamp);
        }
    }

    /**
     * A prediction (a copy of {@code template}) and an unrelated label at {@code time} in every input
     * partition: once read, every input partition has passed {@code time}, so every window that
     * closes before it closes. Produced with the data, they come after it in each partition. The
     * labels join nothing (no labeled pair is added); the predictions' window never closes.
     */
    static List<Timed> ticks(String predictions, int predictionPartitions, String labels, int labelPartitions,
            Prediction template, long time) {
        List<Timed> ticks = new ArrayList<>();
        for (int p = 0; p < predictionPartitions; p++) {
            Prediction tick = Prediction.newBuilder(template).setEventId("tick-" + p)
                    .setEventTime(Instant.ofEpochMilli(time)).build();
            ticks.add(new Timed(predictions, p, tick.getEntityId(), tick, time));
        }
        for (int p = 0; p < labelPartitions; p++) {
            Label tick = Label.newBuilder().setEventId("tick-label-" + p).setLabel(0).setLabelTime(Instant.ofEpochMilli(time))
                    .setSource("tick").build();
            ticks.add(new Timed(labels, p, tick.getEventId(), tick, time));
        }
        return ticks;
    }

    static List<Timed> ticks(DriftItTopics topics, Prediction template, long time) {
        return ticks(topics.predictions(), topics.inputPartitions(), topics.labels(), topics.inputPartitions(), template, time);
    }

    static KafkaProducer<String, Object> producer(TestStack stack) {
        Properties props = stack.kafkaProperties();
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ConfluentAvroSerializer.class.getName());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        props.put(SchemaRegistryClientConfig.URL, stack.registryUrl());
        return new KafkaProducer<>(props);
    }

    /** Sends {@code records} in timestamp order (stable), as the scorer and the label source would over time. */
    static void sendInTimeOrder(TestStack stack, List<Timed> records) {
        List<Timed> ordered = new ArrayList<>(records);
        ordered.sort(Comparator.comparingLong(Timed::timestamp));
        try (KafkaProducer<String, Object> producer = producer(stack)) {
            for (Timed r : ordered) {
                producer.send(new ProducerRecord<>(r.topic(), r.partition(), r.timestamp(), r.key(), r.value()));
            }
            producer.flush();
        }
    }

    /** Follows a topic from its start with read_committed, keeping every record read. */
    static final class Tail<V> implements AutoCloseable {
        private final KafkaConsumer<String, Object> consumer;
        private final List<ConsumerRecord<String, V>> records = new ArrayList<>();

        Tail(TestStack stack, String topic) {
            Properties props = stack.kafkaProperties();
            props.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + topic + "-" + System.nanoTime());
            props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
            ConfluentAvroDeserializer<Object> values = new ConfluentAvroDeserializer<>();
            values.configure(Map.of(SchemaRegistryClientConfig.URL, stack.registryUrl(), "specific.avro.reader", "true"),
                    false);
            consumer = new KafkaConsumer<>(props, new StringDeserializer(), values);
            consumer.subscribe(List.of(topic));
        }

        /** Polls until {@code done} holds for what has been read, or {@code timeout}; returns everything read. */
        @SuppressWarnings("unchecked")
        List<ConsumerRecord<String, V>> await(Predicate<List<ConsumerRecord<String, V>>> done, Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!done.test(records) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, Object> r : consumer.poll(Duration.ofMillis(200))) {
                    records.add((ConsumerRecord<String, V>) (ConsumerRecord<String, ?>) r);
                }
            }
            return List.copyOf(records);
        }

        /** Everything read so far, after one more short poll. */
        List<ConsumerRecord<String, V>> read() {
            return await(r -> false, Duration.ofMillis(500));
        }

        List<V> values() {
            return records.stream().map(ConsumerRecord::value).toList();
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
