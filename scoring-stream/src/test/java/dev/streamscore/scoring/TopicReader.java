package dev.streamscore.scoring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/** Reads a topic from the start and keeps what it read, so a test can wait for what it expects. */
public final class TopicReader<V> implements AutoCloseable {
    private final KafkaConsumer<byte[], V> consumer;
    private final List<ConsumerRecord<byte[], V>> records = new ArrayList<>();

    public TopicReader(Properties base, String topic, Deserializer<V> values, String isolationLevel) {
        Properties props = new Properties();
        props.putAll(base);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + topic + "-" + System.nanoTime());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolationLevel);
        consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), values);
        consumer.subscribe(List.of(topic));
    }

    /** Polls until the records read so far satisfy {@code done} or the timeout passes; returns them. */
    public List<ConsumerRecord<byte[], V>> readUntil(Predicate<List<ConsumerRecord<byte[], V>>> done, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.test(records) && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        }
        return List.copyOf(records);
    }

    public List<V> values() {
        return records.stream().map(ConsumerRecord::value).toList();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
