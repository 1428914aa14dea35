package dev.streamscore.lifecycle;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/** Reads every partition of a topic from the beginning to the end it had when reading started. */
final class TopicReader {
    private static final Duration POLL = Duration.ofMillis(500);

    private TopicReader() {
    }

    /**
     * @param setting the setting that names the topic, for the error when it does not exist
     * @return how many records were read
     */
    static <T> long readToEnd(KafkaConsumer<String, T> consumer, String topic, String setting, Duration timeout,
            Consumer<ConsumerRecord<String, T>> each) {
        List<TopicPartition> partitions = partitions(consumer, topic, setting, timeout);
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
        long deadline = System.nanoTime() + timeout.toNanos();
        long read = 0;
        while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Reading " + topic + " took longer than " + timeout.toSeconds()
                        + " s; read " + read + " records");
            }
            for (ConsumerRecord<String, T> r : consumer.poll(POLL)) {
                read++;
                each.accept(r);
            }
        }
        return read;
    }

    /** The topic's partitions; an error naming {@code setting} when the topic does not exist. */
    static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic, String setting,
            Duration timeout) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
        if (infos == null || infos.isEmpty()) {
            throw new IllegalArgumentException("Topic '" + topic + "' (--" + setting + ") does not exist");
        }
        return infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    }
}
