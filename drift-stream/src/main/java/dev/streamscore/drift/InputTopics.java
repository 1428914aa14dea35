package dev.streamscore.drift;

import dev.streamscore.drift.watermark.InputPartitions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks up how many partitions the input topics have, which the topology needs to know which input
 * partitions its watermark waits for (see {@link InputPartitions}). Waits for the topics to exist,
 * with a log line every 10 s, then fails naming them.
 */
final class InputTopics {
    private static final Logger LOG = LoggerFactory.getLogger(InputTopics.class);

    private InputTopics() {
    }

    static InputPartitions partitions(DriftConfig config, Duration wait) {
        String predictions = config.topics().predictions();
        String labels = config.topics().labels();
        Map<String, Object> adminConfig = new StreamsConfig(config.streamsProperties()).getAdminConfigs("drift-input-topics");
        long deadline = System.nanoTime() + wait.toNanos();
        long nextLog = 0;
        boolean answered = false;
        try (Admin admin = admin(config, adminConfig)) {
            while (true) {
                try {
                    Map<String, TopicDescription> topics = admin.describeTopics(List.of(predictions, labels)).allTopicNames()
                            .get(30, TimeUnit.SECONDS);
                    return new InputPartitions(topics.get(predictions).partitions().size(),
                            topics.get(labels).partitions().size());
                } catch (ExecutionException e) {
                    answered = true;
                    if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                        throw new IllegalStateException("Cannot describe the input topics " + predictions + " and " + labels
                                + " at " + config.bootstrapServers() + ": " + e.getCause().getMessage(), e.getCause());
                    }
                } catch (TimeoutException e) {
                    LOG.warn("No answer from {} about the input topics yet", config.bootstrapServers());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while looking up the input topics", e);
                }
                if (System.nanoTime() > deadline && !answered) {
                    throw new IllegalStateException("No answer from " + config.bootstrapServers() + " about the input topics in "
                            + wait.toSeconds() + " s: is the broker reachable, and do kafka.security.protocol and the"
                            + " kafka.ssl.* settings match its listener?");
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Input topics " + predictions + " and " + labels + " do not both exist at "
                            + config.bootstrapServers() + " after " + wait.toSeconds() + " s (--predictions-topic,"
                            + " --labels-topic); create them, e.g. with `streamscore stack up`");
                }
                if (System.nanoTime() > nextLog) {
                    LOG.info("Waiting for the input topics {} and {} to exist", predictions, labels);
                    nextLog = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                }
                sleep();
            }
        }
    }

    private static Admin admin(DriftConfig config, Map<String, Object> adminConfig) {
        try {
            return Admin.create(adminConfig);
        } catch (KafkaException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            throw new IllegalStateException("Cannot create a Kafka client for " + config.bootstrapServers()
                    + " from the kafka.* settings (kafka.security.protocol, kafka.sasl.*, kafka.ssl.*): " + root.getMessage(), e);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the input topics", e);
        }
    }
}
