package dev.streamscore.drift.watermark;

import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * Sends progress records to every partition of a repartition topic (Kafka Streams multicast,
 * KIP-837) and every other record where its key hashes, as the default partitioner does. Each
 * downstream task then sees every upstream task's progress in order with that task's records: a
 * producer keeps the order of what it writes to one partition.
 */
public final class ProgressPartitioner<K, V> implements StreamPartitioner<K, V> {
    private final Predicate<V> isProgress;

    public ProgressPartitioner(Predicate<V> isProgress) {
        this.isProgress = isProgress;
    }

    @Override
    public Optional<Set<Integer>> partitions(String topic, K key, V value, Headers headers, int numPartitions) {
        if (value != null && isProgress.test(value)) {
            return Optional.of(IntStream.range(0, numPartitions).boxed().collect(Collectors.toSet()));
        }
        return Optional.empty();
    }

    /** Still abstract in the interface until its removal; Kafka Streams calls the variant with headers. */
    @Deprecated(forRemoval = true)
    @SuppressWarnings("removal")
    @Override
    public Optional<Set<Integer>> partitions(String topic, K key, V value, int numPartitions) {
        return partitions(topic, key, value, null, numPartitions);
    }
}
