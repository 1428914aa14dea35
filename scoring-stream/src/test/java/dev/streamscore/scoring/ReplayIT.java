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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Batch mode: the same pipeline scores a bounded time range of a topic with a chosen model, then ends. */
@ExtendWith(LocalStackExtension.class)
class ReplayIT {
    @Test
    void scoresExactlyTheEventsOfTheRangeAndFinishes(TestStack stack) throws Exception {
        ModelBundle model = TrainedModels.version("1");
        String in = stack.createTopic("feature-events", 2);
        String out = stack.createTopic("replayed-predictions", 2);
        // Recent: brokers refuse timestamps far from now (log.message.timestamp.*.max.ms).
        long t0 = System.currentTimeMillis() - 600_000L;
        Set<String> inRange = new HashSet<>();
        SplittableRandom random = new SplittableRandom(4);
        ConfluentAvroSerializer<Object> values = new ConfluentAvroSerializer<>();
        values.configure(Map.of(SchemaRegistryClientConfig.URL, stack.registryUrl()), false);
        try (KafkaProducer<String, Object> producer =
                new KafkaProducer<>(stack.kafkaProperties(), new StringSerializer(), values)) {
            for (int i = 0; i < 300; i++) {
                Transaction t = TransactionFixtures.transaction(i, random);
                long timestamp = t0 + (i / 100) * 60_000L + i;   // three minutes, 100 events each
                if (i >= 100 && i < 200) {
                    inRange.add(t.getEventId());
                }
                producer.send(new ProducerRecord<>(in, null, timestamp, t.getCardId(), t)).get();
            }
        }
        ScoringConfig config = ScoringConfig.from(new String[] {
                "--bootstrap-servers", stack.bootstrapServers(), "--registry-url", stack.registryUrl(),
                "--input-topic", in, "--predictions-topic", out,
                "--dead-letter-topic", stack.createTopic("dlq", 1),
                "--model-updates-topic", stack.createTopic("model-updates", 1),
                "--alerts-topic", stack.createTopic("alerts", 1),
                "--group-id", stack.topic("replay"), "--model-dir", model.directory().toString(),
                "--parallelism", "2",
                "--replay-from", String.valueOf(t0 + 60_000L), "--replay-until", String.valueOf(t0 + 120_000L)}, Map.of());

        JobClient job = ScoringJob.start(config);
        job.getJobExecutionResult().get(180, TimeUnit.SECONDS);

        try (TopicReader<Prediction> reader = new TopicReader<>(stack.kafkaProperties(), out, specific(stack), "read_committed")) {
            reader.readUntil(r -> r.size() >= 100, Duration.ofSeconds(60));
            reader.readUntil(r -> false, Duration.ofSeconds(2));
            List<Prediction> predictions = reader.values();
            assertThat(predictions).hasSize(100);
            assertThat(predictions).extracting(Prediction::getEventId).containsExactlyInAnyOrderElementsOf(inRange);
            assertThat(predictions).allSatisfy(p -> assertThat(p.getModelVersion()).isEqualTo("1"));
        }
    }

    @Test
    void writesPredictionsToAvroFilesWhenAskedTo(TestStack stack, @TempDir Path output) throws Exception {
        ModelBundle model = TrainedModels.version("1");
        String in = stack.createTopic("file-replay-events", 1);
        Set<String> ids = new HashSet<>();
        SplittableRandom random = new SplittableRandom(8);
        ConfluentAvroSerializer<Object> values = new ConfluentAvroSerializer<>();
        values.configure(Map.of(SchemaRegistryClientConfig.URL, stack.registryUrl()), false);
        try (KafkaProducer<String, Object> producer =
                new KafkaProducer<>(stack.kafkaProperties(), new StringSerializer(), values)) {
            for (int i = 0; i < 50; i++) {
                Transaction t = TransactionFixtures.transaction(i, random);
                ids.add(t.getEventId());
                producer.send(new ProducerRecord<>(in, t.getCardId(), t)).get();
            }
        }
        ScoringConfig config = ScoringConfig.from(new String[] {
                "--bootstrap-servers", stack.bootstrapServers(), "--registry-url", stack.registryUrl(),
                "--input-topic", in, "--output-dir", output.toString(),
                "--dead-letter-topic", stack.createTopic("file-dlq", 1),
                "--model-updates-topic", stack.createTopic("file-model-updates", 1),
                "--alerts-topic", stack.createTopic("file-alerts", 1),
                "--group-id", stack.topic("file-replay"), "--model-dir", model.directory().toString(),
                "--replay-from", "earliest", "--replay-until", "latest"}, Map.of());

        ScoringJob.start(config).getJobExecutionResult().get(180, TimeUnit.SECONDS);

        List<Prediction> read = new ArrayList<>();
        try (Stream<Path> files = Files.walk(output)) {
            for (Path file : files.filter(f -> Files.isRegularFile(f) && !f.getFileName().toString().startsWith(".")).toList()) {
                try (DataFileReader<Prediction> reader = new DataFileReader<>(file.toFile(),
                        new SpecificDatumReader<>(Prediction.class))) {
                    reader.forEach(read::add);
                }
            }
        }
        assertThat(read).extracting(Prediction::getEventId).containsExactlyInAnyOrderElementsOf(ids);
    }

    private static ConfluentAvroDeserializer<Prediction> specific(TestStack stack) {
        ConfluentAvroDeserializer<Prediction> deserializer = new ConfluentAvroDeserializer<>();
        deserializer.configure(Map.of(SchemaRegistryClientConfig.URL, stack.registryUrl(), "specific.avro.reader", "true"), false);
        return deserializer;
    }
}
