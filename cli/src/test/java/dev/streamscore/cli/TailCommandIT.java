package dev.streamscore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamscore.avro.ModelEvent;
import dev.streamscore.avro.ModelRole;
import dev.streamscore.avro.Prediction;
import dev.streamscore.local.testing.LocalStackExtension;
import dev.streamscore.local.testing.TestStack;
import dev.streamscore.schemas.registry.SchemaRegistryClientConfig;
import dev.streamscore.schemas.serde.ConfluentAvroSerializer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

/** {@code streamscore tail} against a real broker and registry prints what a producer wrote, as JSON. */
@ExtendWith(LocalStackExtension.class)
class TailCommandIT {
    @Test
    void printsPredictionsAsJsonLines(TestStack stack) throws Exception {
        String topic = stack.createTopic("predictions", 1);
        ConfluentAvroSerializer<Object> values = new ConfluentAvroSerializer<>();
        values.configure(Map.of(SchemaRegistryClientConfig.URL, stack.registryUrl()), false);
        try (KafkaProducer<String, Object> producer =
                new KafkaProducer<>(stack.kafkaProperties(), new StringSerializer(), values)) {
            producer.send(new ProducerRecord<>(topic, "card-9", Prediction.newBuilder()
                    .setEventId("txn-77").setEntityId("card-9").setModelName("fraud").setModelVersion("1")
                    .setRole(ModelRole.CHAMPION).setScore(0.9).setScores(List.of()).setDecision("fraud")
                    .setEventTime(Instant.ofEpochMilli(1_700_000_000_000L)).setScoredTime(Instant.ofEpochMilli(1_700_000_000_010L))
                    .build())).get();
        }
        StringWriter out = new StringWriter();
        CommandLine cli = StreamScoreCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        int exit = cli.execute("tail", "predictions", "--topic", topic, "--from-beginning", "--max", "1",
                "--bootstrap-servers", stack.bootstrapServers(), "--registry-url", stack.registryUrl());
        assertThat(exit).isZero();
        assertThat(out.toString().lines().toList()).singleElement().satisfies(line -> {
            assertThat(line).startsWith("{").endsWith("}");
            assertThat(line).contains("\"event_id\": \"txn-77\"", "\"model_version\": \"1\"", "\"decision\": \"fraud\"");
        });
    }

    @Test
    void printsTheLifecycleStepsOfModelEvents(TestStack stack) throws Exception {
        String topic = stack.createTopic("model-events", 1);
        ConfluentAvroSerializer<Object> values = new ConfluentAvroSerializer<>();
        values.configure(Map.of(SchemaRegistryClientConfig.URL, stack.registryUrl()), false);
        try (KafkaProducer<String, Object> producer =
                new KafkaProducer<>(stack.kafkaProperties(), new StringSerializer(), values)) {
            producer.send(new ProducerRecord<>(topic, "fraud", ModelEvent.newBuilder().setModelName("fraud")
                    .setCandidateVersion("2").setChampionVersion("1").setStep("promoted_challenger")
                    .setRole(ModelRole.CHALLENGER).setTrigger("live-metrics").setFigures(Map.of("candidate_live_auc", 0.84))
                    .setTime(Instant.ofEpochMilli(1_700_000_000_000L)).build())).get();
        }
        StringWriter out = new StringWriter();
        CommandLine cli = StreamScoreCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        int exit = cli.execute("tail", "lifecycle", "--topic", topic, "--from-beginning", "--max", "1",
                "--bootstrap-servers", stack.bootstrapServers(), "--registry-url", stack.registryUrl());
        assertThat(exit).isZero();
        assertThat(out.toString().lines().toList()).singleElement().asString()
                .contains("\"step\": \"promoted_challenger\"", "\"role\": \"CHALLENGER\"", "\"candidate_live_auc\": 0.84");
    }
}
