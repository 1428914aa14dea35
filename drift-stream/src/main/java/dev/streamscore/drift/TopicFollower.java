package dev.streamscore.drift;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows topics beside the topology, on a daemon thread: a plain consumer (no consumer group, no
 * commits, read_committed) that assigns every partition of the topics once they all exist (looked
 * for again every {@code retry}), from their start or their end, and hands each record to
 * {@code handle}. Apart from the topology on purpose: what it reads cannot change what the topology
 * computes, and a topic it follows may be created after the app starts.
 */
public final class TopicFollower implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TopicFollower.class);
    private static final Duration POLL = Duration.ofSeconds(1);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<String> topics;
    private final boolean fromStart;
    private final Duration retry;
    private final Consumer<ConsumerRecord<byte[], byte[]>> handle;
    private final String purpose;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean assigned;

    /**
     * @param clientProperties the app's client settings (bootstrap servers, security); only the consumer's are used
     * @param purpose          what the records are read for, for the log
     */
    public TopicFollower(String clientId, Properties clientProperties, List<String> topics, boolean fromStart,
            Duration retry, Consumer<ConsumerRecord<byte[], byte[]>> handle, String purpose) {
        Properties props = new Properties();
        // Only the consumer's own settings (the Streams ones would be logged as unknown), and the
        // config providers that resolve them (e.g. a password read from a file).
        for (String name : clientProperties.stringPropertyNames()) {
            if (ConsumerConfig.configNames().contains(name) || name.equals(AbstractConfig.CONFIG_PROVIDERS_CONFIG)
                    || name.startsWith(AbstractConfig.CONFIG_PROVIDERS_CONFIG + ".")) {
                props.put(name, clientProperties.getProperty(name));
            }
        }
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, fromStart ? "earliest" : "latest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.topics = List.copyOf(topics);
        this.fromStart = fromStart;
        this.retry = retry;
        this.handle = handle;
        this.purpose = purpose;
        this.thread = new Thread(this::run, clientId);
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** Whether every topic exists and is being read. */
    public boolean assigned() {
        return assigned;
    }

    private void run() {
        try {
            while (running && !assign()) {
                Thread.sleep(retry.toMillis());
            }
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    if (record.value() != null) {
                        handle.accept(record);
                    }
                }
            }
        } catch (WakeupException | InterruptedException e) {
            // close() was called
        } catch (RuntimeException e) {
            LOG.warn("Reading {} for {} failed; it stops updating", topics, purpose, e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** Assigns every partition of the topics; false while one does not exist yet. */
    private boolean assign() {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
            if (infos == null || infos.isEmpty()) {
                LOG.debug("Topic {} does not exist yet", topic);
                return false;
            }
            infos.forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
        }
        consumer.assign(partitions);
        if (fromStart) {
            consumer.seekToBeginning(partitions);
        }
        assigned = true;
        LOG.info("Reading {} for {}", topics, purpose);
        return true;
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
