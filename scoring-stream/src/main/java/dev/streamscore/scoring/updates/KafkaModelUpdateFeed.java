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
 * reading it. Partitions added to the topic later are read from their start once this consumer's
 * metadata shows them (it is refreshed every 10 s unless {@code metadata.max.age.ms} says
 * otherwise), so an update written to a new partition is never skipped.
 */
public final class KafkaModelUpdateFeed implements ModelUpdateFeed {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaModelUpdateFeed.class);
    /** A lookup from the poll timer blocks the task thread, so it is short and at most this often. */
    private static final Duration LOOKUP_TIMEOUT = Duration.ofMillis(500);
    private static final Duration LOOKUP_EVERY = Duration.ofSeconds(10);
    /** How stale the consumer's view of the topic's partitions may get: a new partition is seen within this. */
    private static final Duration METADATA_MAX_AGE = LOOKUP_EVERY;

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
        props.putIfAbsent(ConsumerConfig.METADATA_MAX_AGE_CONFIG, Long.toString(METADATA_MAX_AGE.toMillis()));
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.start = Map.copyOf(positions);
    }

    /** Reads {@code topic} with these client properties ({@code bootstrap.servers} included). */
    public static Factory factory(String topic, Properties clientProperties) {
        return (positions, clientId) -> new KafkaModelUpdateFeed(topic, clientProperties, positions, clientId);
    }

    @Override
    public List<RawEvent> poll() {
        boolean lookupDue = !Instant.now().isBefore(lastLookup.plus(LOOKUP_EVERY));
        if (assigned == null && !lookupDue) {
            return List.of();
        }
        if (assigned != null && lookupDue) {
            addNewPartitions();
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
        List<TopicPartition> all = lookUp();
        if (all == null) {
            return Lookup.UNREACHABLE;
        }
        if (all.isEmpty()) {
            return Lookup.ABSENT;
        }
        consumer.assign(all);
        all.forEach(this::seekToStart);
        assigned = all;
        LOG.info("Reading model updates from {} partitions of {}, from {}", all.size(), topic,
                start.isEmpty() ? "the start" : "the checkpoint's positions " + start);
        return Lookup.ASSIGNED;
    }

    /** Assigns partitions added to the topic since it was assigned, read from their start. */
    private void addNewPartitions() {
        List<TopicPartition> found = lookUp();
        if (found == null) {
            return;
        }
        List<TopicPartition> added = found.stream().filter(tp -> !assigned.contains(tp)).toList();
        if (added.isEmpty()) {
            return;
        }
        List<TopicPartition> all = new ArrayList<>(assigned);
        all.addAll(added);
        // Re-assigning keeps the fetch positions of the partitions already assigned.
        consumer.assign(all);
        added.forEach(this::seekToStart);
        assigned = List.copyOf(all);
        LOG.info("Partitions {} were added to {}: reading their model updates too", added, topic);
    }

    /**
     * The topic's partitions (empty if it does not exist), or null if the broker did not answer.
     * Once the topic is known this is answered from the consumer's metadata, refreshed every
     * {@code metadata.max.age.ms}.
     */
    private List<TopicPartition> lookUp() {
        lastLookup = Instant.now();
        try {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic, LOOKUP_TIMEOUT);
            return partitions == null ? List.of()
                    : partitions.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        } catch (KafkaException e) {
            LOG.debug("Looking up {}: {}", topic, e.toString());
            return null;
        }
    }

    /** The checkpoint's position of a partition, or its beginning if the checkpoint has none. */
    private void seekToStart(TopicPartition tp) {
        Long position = start.get(tp.partition());
        if (position != null) {
            consumer.seek(tp, position);
        } else {
            consumer.seekToBeginning(List.of(tp));
        }
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
