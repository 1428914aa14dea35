package dev.streamscore.scoring.updates;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamscore.local.testing.LocalStackExtension;
import dev.streamscore.local.testing.TestStack;
import dev.streamscore.scoring.io.RawEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The model-updates feed against a real broker: partitions added to the topic while it runs. */
@ExtendWith(LocalStackExtension.class)
class KafkaModelUpdateFeedIT {
    /**
     * The feed refreshes its metadata and looks for new partitions every 10 s each, so a new
     * partition is read within about 20 s; the rest is margin for this shared 2-core machine.
     */
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void anUpdateWrittenToAPartitionAddedWhileTheFeedRunsIsRead(TestStack stack) throws Exception {
        String topic = stack.createTopic("model-updates", 1);
        try (KafkaModelUpdateFeed feed = new KafkaModelUpdateFeed(topic, stack.kafkaProperties(), Map.of(), "feed-it");
                KafkaProducer<byte[], byte[]> producer = producer(stack);
                Admin admin = Admin.create(stack.kafkaProperties())) {
            producer.send(record(topic, 0, "v1")).get();
            assertThat(values(feed.catchUp(WAIT))).containsExactly("v1");

            admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(2))).all().get();
            producer.send(record(topic, 1, "v2 on the new partition")).get();
            producer.send(record(topic, 0, "v3")).get();

            List<String> read = new ArrayList<>();
            Instant deadline = Instant.now().plus(WAIT);
            while (read.size() < 2 && Instant.now().isBefore(deadline)) {
                read.addAll(values(feed.poll()));
                Thread.sleep(200);
            }
            assertThat(read).containsExactlyInAnyOrder("v2 on the new partition", "v3");
            assertThat(feed.positions()).as("the new partition's position goes into the checkpoint")
                    .isEqualTo(Map.of(0, 2L, 1, 1L));
        }
    }

    @Test
    void aFeedRestoredFromPositionsWithoutAPartitionReadsThatPartitionFromItsStart(TestStack stack) throws Exception {
        String topic = stack.createTopic("restored-model-updates", 2);
        try (KafkaProducer<byte[], byte[]> producer = producer(stack)) {
            producer.send(record(topic, 0, "read before the checkpoint")).get();
            producer.send(record(topic, 0, "v2")).get();
            producer.send(record(topic, 1, "v3 on a partition the checkpoint lacks")).get();
        }
        try (KafkaModelUpdateFeed feed = new KafkaModelUpdateFeed(topic, stack.kafkaProperties(), Map.of(0, 1L),
                "feed-it-restored")) {
            assertThat(values(feed.catchUp(WAIT)))
                    .containsExactlyInAnyOrder("v2", "v3 on a partition the checkpoint lacks");
        }
    }

    private static KafkaProducer<byte[], byte[]> producer(TestStack stack) {
        Properties props = stack.kafkaProperties();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, int partition, String value) {
        return new ProducerRecord<>(topic, partition, "model".getBytes(StandardCharsets.UTF_8),
                value.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> values(List<RawEvent> events) {
        return events.stream().map(e -> new String(e.value, StandardCharsets.UTF_8)).toList();
    }
}
