package dev.streamscore.scoring.updates;

import dev.streamscore.scoring.io.RawEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model-updates topic read whole by one consumer per scoring task: every partition assigned (no
 * consumer group, no committed offsets: the positions live in the task's checkpoint), with the
 * job's own client settings (TLS, SASL). A broker that cannot be reached yields no updates until
 * it can; the topic is looked up again (every 10 s) until found, and it is never created by
 * reading it. Partitions added to the topic after it was found are not read (it has one, as the
 * stack and the manifests create it).
 */
public final class KafkaModelUpdateFeed implements ModelUpdateFeed {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaModelUpdateFeed.class);
    /** A lookup from the poll timer blocks the task thread, so it is short and at most this often. */
    private static final Duration LOOKUP_TIMEOUT = Duration.ofMillis(500);
    private static final Duration LOOKUP_EVERY = Duration.ofSeconds(10);

    private final String topic;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Map<Integer, Long> start;
    /** The next offset of each partition, from the records returned: a fallback while the broker is away. */
    private final Map<Integer, Long> read = new HashMap<>();
    private List<TopicPartition> assigned;
    private Instant lastLookup = Instant.MIN;

    KafkaModelUpdateFeed(String topic, Properties clientProperties, Map<Integer, Long> positions, String clientId) {
        this.topic = topic;
        Properties props = new Properties();
        props.putAll(clientProperties);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // Reading must not create the topic (with the broker's defaults, not compacted) as a side effect.
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.start = Map.copyOf(positions);
    }

    /** Reads {@code topic} with these client properties ({@code bootstrap.servers} included). */
    public static Factory factory(String topic, Properties clientProperties) {
        return (positions, clientId) -> new KafkaModelUpdateFeed(topic, clientProperties, positions, clientId);
    }

    @Override
    public List<RawEvent> poll() {
        if (assigned == null && Instant.now().isBefore(lastLookup.plus(LOOKUP_EVERY))) {
            return List.of();
        }
        return assign() == Lookup.ASSIGNED ? records(Duration.ZERO) : List.of();
    }

    @Override
    public List<RawEvent> catchUp(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        List<RawEvent> caught = new ArrayList<>();
        try {
            Lookup lookup;
            while ((lookup = assign()) == Lookup.UNREACHABLE && Instant.now().isBefore(deadline)) {
                Thread.sleep(200);
            }
            if (lookup == Lookup.ABSENT) {
                LOG.warn("Topic {} does not exist: serving without model updates; they are read once it does", topic);
                return caught;
            }
            if (lookup == Lookup.UNREACHABLE) {
                LOG.warn("Topic {} not reached within {}: serving without its updates until it is", topic, timeout);
                return caught;
            }
            Map<TopicPartition, Long> ends = consumer.endOffsets(assigned, remaining(deadline));
            while (ends.entrySet().stream().anyMatch(e -> consumer.position(e.getKey(), remaining(deadline)) < e.getValue())) {
                if (Instant.now().isAfter(deadline)) {
                    LOG.warn("Read {} only partly within {} (ends {}): later updates follow as they are read", topic, timeout, ends);
                    return caught;
                }
                caught.addAll(records(Duration.ofMillis(100)));
            }
        } catch (KafkaException e) {
            LOG.warn("Could not read {} to its end before scoring ({}): its updates follow as they are read", topic, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return caught;
    }

    @Override
    public Map<Integer, Long> positions() {
        Map<Integer, Long> positions = new HashMap<>(start);
        positions.putAll(read);
        if (assigned != null) {
            for (TopicPartition tp : assigned) {
                try {
                    positions.put(tp.partition(), consumer.position(tp, Duration.ZERO));
                } catch (KafkaException notKnownYet) {
                    // Not resolved yet (a seek to the start waits for the broker): what was read stands.
                }
            }
        }
        return positions;
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }

    private enum Lookup { ASSIGNED, ABSENT, UNREACHABLE }

    private Lookup assign() {
        if (assigned != null) {
            return Lookup.ASSIGNED;
        }
        lastLookup = Instant.now();
        List<PartitionInfo> partitions;
        try {
            partitions = consumer.partitionsFor(topic, LOOKUP_TIMEOUT);
        } catch (KafkaException e) {
            LOG.debug("Looking up {}: {}", topic, e.toString());
            return Lookup.UNREACHABLE;
        }
        if (partitions == null || partitions.isEmpty()) {
            return Lookup.ABSENT;
        }
        List<TopicPartition> all = partitions.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(all);
        for (TopicPartition tp : all) {
            Long position = start.get(tp.partition());
            if (position != null) {
                consumer.seek(tp, position);
            } else {
                consumer.seekToBeginning(List.of(tp));
            }
        }
        assigned = all;
        LOG.info("Reading model updates from {} partitions of {}, from {}", all.size(), topic,
                start.isEmpty() ? "the start" : "the checkpoint's positions " + start);
        return Lookup.ASSIGNED;
    }

    private List<RawEvent> records(Duration wait) {
        List<RawEvent> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(wait)) {
            out.add(new RawEvent(r.key(), r.value(), r.topic(), r.partition(), r.offset(), r.timestamp()));
            read.put(r.partition(), r.offset() + 1);
        }
        return out;
    }

    private static Duration remaining(Instant deadline) {
        Duration left = Duration.between(Instant.now(), deadline);
        return left.isNegative() ? Duration.ZERO : left;
    }
}
