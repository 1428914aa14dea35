package dev.streamscore.local;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates topics with the cluster's default replication factor (1 on a single broker, 3 on the
 * 3-node cluster, see {@link KafkaServerProperties}); a topic that already exists is left as it is.
 */
final class KafkaTopics {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaTopics.class);

    private KafkaTopics() {
    }

    /** {@code clientProperties}: security settings besides {@code bootstrap.servers} (empty for PLAINTEXT). */
    static void create(String bootstrapServers, Map<String, String> clientProperties, Collection<TopicSpec> topics) {
        if (topics.isEmpty()) {
            return;
        }
        List<NewTopic> newTopics = topics.stream()
                .map(t -> new NewTopic(t.name(), Optional.of(t.partitions()), Optional.empty())
                        .configs(t.configs()))
                .toList();
        Map<String, Object> config = new HashMap<>(clientProperties);
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(config)) {
            for (Map.Entry<String, KafkaFuture<Void>> result : admin.createTopics(newTopics).values().entrySet()) {
                try {
                    result.getValue().get();
                    LOG.debug("Created topic {}", result.getKey());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new LocalStackException("Cannot create topic " + result.getKey() + " on "
                                + bootstrapServers + ": " + e.getCause(), e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalStackException("Interrupted while creating topics", e);
        }
        LOG.info("Topics ready: {}", topics.stream().map(TopicSpec::name).toList());
    }
}
