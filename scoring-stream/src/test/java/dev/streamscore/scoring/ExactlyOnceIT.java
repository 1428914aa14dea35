package dev.streamscore.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamscore.avro.Prediction;
import dev.streamscore.demo.Transaction;
import dev.streamscore.local.testing.LocalStackExtension;
import dev.streamscore.local.testing.TestStack;
import dev.streamscore.model.bundle.ModelBundle;
import dev.streamscore.schemas.registry.SchemaRegistryClientConfig;
import dev.streamscore.schemas.serde.ConfluentAvroDeserializer;
import dev.streamscore.schemas.serde.ConfluentAvroSerializer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exactly-once: the job is stopped abruptly while events flow (a cancel leaves its open Kafka
 * transactions unfinished, as a crash does), then restarted from its last retained checkpoint.
 * A read_committed reader must see every event's prediction exactly once.
 */
@ExtendWith(LocalStackExtension.class)
class ExactlyOnceIT {
    private static final Logger LOG = LoggerFactory.getLogger(ExactlyOnceIT.class);
    private static final int EVENTS = 1500;

    @Test
    void aRestartFromTheLastCheckpointGivesReadCommittedReadersEachPredictionOnce(TestStack stack,
            @TempDir Path checkpoints) throws Exception {
        ModelBundle model = TrainedModels.version("1");
        String in = stack.createTopic("feature-events", 2);
        String out = stack.createTopic("predictions", 2);
        String[] args = {
                "--bootstrap-servers", stack.bootstrapServers(), "--registry-url", stack.registryUrl(),
                "--input-topic", in, "--predictions-topic", out,
                "--dead-letter-topic", stack.createTopic("dlq", 1),
                "--model-updates-topic", stack.createTopic("model-updates", 1),
                "--alerts-topic", stack.createTopic("alerts", 1),
                "--group-id", stack.topic("eos"), "--model-dir", model.directory().toString(),
                "--parallelism", "2", "--delivery-guarantee", "exactly-once",
                "--checkpoint-interval-ms", "1000", "--checkpoint-dir", checkpoints.toString(),
                "--restore-from", "latest-or-fresh"};

        Set<String> sent = ConcurrentHashMap.newKeySet();
        Thread producer = new Thread(() -> produce(stack, in, sent), "eos-producer");
        JobClient first = ScoringJob.start(ScoringConfig.from(args, Map.of()));
        producer.start();
        try (TopicReader<Prediction> committed = new TopicReader<>(stack.kafkaProperties(), out,
                specific(stack), "read_committed")) {
            // Let a few checkpoints commit, then stop the job mid-stream.
            committed.readUntil(r -> r.size() >= 300, Duration.ofSeconds(90));
            first.cancel().get();
            LOG.info("Cancelled the first job with {} events sent", sent.size());

            // Now there must be a checkpoint to resume from: plain `latest` refuses to start fresh.
            String[] resume = args.clone();
            resume[resume.length - 1] = "latest";
            JobClient second = ScoringJob.start(ScoringConfig.from(resume, Map.of()));
            try {
                producer.join(120_000);
                List<ConsumerRecord<byte[], Prediction>> all =
                        committed.readUntil(r -> r.size() >= EVENTS, Duration.ofSeconds(120));
                // Anything beyond EVENTS would be a duplicate: give it a moment to show up.
                committed.readUntil(r -> false, Duration.ofSeconds(3));
                List<String> ids = committed.values().stream().map(Prediction::getEventId).toList();
                assertThat(sent).hasSize(EVENTS);
                assertThat(ids).as("each event exactly once").hasSize(EVENTS).doesNotHaveDuplicates();
                assertThat(Set.copyOf(ids)).isEqualTo(sent);
                assertThat(all.stream().map(r -> r.value().getModelVersion()).collect(Collectors.toSet())).containsExactly("1");
            } finally {
                second.cancel().get();
            }
        }
    }

    private static void produce(TestStack stack, String topic, Set<String> sent) {
        SplittableRandom random = new SplittableRandom(9);
        ConfluentAvroSerializer<Object> values = new ConfluentAvroSerializer<>();
        values.configure(Map.of(SchemaRegistryClientConfig.URL, stack.registryUrl()), false);
        try (KafkaProducer<String, Object> producer =
                new KafkaProducer<>(stack.kafkaProperties(), new StringSerializer(), values)) {
            for (int i = 0; i < EVENTS; i++) {
                Transaction t = TransactionFixtures.transaction(i, random);
                producer.send(new ProducerRecord<>(topic, t.getCardId(), t)).get();
                sent.add(t.getEventId());
                if (i % 50 == 49) {
                    Thread.sleep(50);
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("Producer failed after " + sent.size() + " events", e);
        }
    }

    private static ConfluentAvroDeserializer<Prediction> specific(TestStack stack) {
        ConfluentAvroDeserializer<Prediction> deserializer = new ConfluentAvroDeserializer<>();
        deserializer.configure(Map.of(SchemaRegistryClientConfig.URL, stack.registryUrl(), "specific.avro.reader", "true"), false);
        return deserializer;
    }
}
