package dev.streamscore.loadtest.drift;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * A consumer group's lag on some topics and on every other partition it has committed offsets for
 * (a Kafka Streams app's repartition topics, so a backlog between its stages counts too): end
 * offsets minus the group's committed offsets, summed. Kafka Streams commits every 100 ms under
 * exactly-once, so this trails the truth by that much.
 */
public final class ConsumerLag implements AutoCloseable {
    private final Admin admin;
    private final String group;
    private final List<String> topics;

    public ConsumerLag(String bootstrapServers, String group, List<String> topics) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        this.admin = Admin.create(props);
        this.group = group;
        this.topics = List.copyOf(topics);
    }

    /** Records on the topics not yet committed by the group (end offsets when it has committed nothing). */
    public long lag() {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            admin.describeTopics(topics).allTopicNames().get().forEach((name, description) ->
                    description.partitions().forEach(p -> request.put(new TopicPartition(name, p.partition()),
                            OffsetSpec.latest())));
            committed.keySet().forEach(p -> request.put(p, OffsetSpec.latest()));
            long lag = 0;
            for (var e : admin.listOffsets(request).all().get().entrySet()) {
                OffsetAndMetadata c = committed.get(e.getKey());
                lag += e.getValue().offset() - (c == null ? 0 : c.offset());
            }
            return lag;
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot read the lag of " + group + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        admin.close();
    }
}
