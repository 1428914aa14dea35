package dev.streamscore.scoring;

import dev.streamscore.local.testing.TestStack;
import dev.streamscore.schemas.registry.SchemaRegistryClientConfig;
import dev.streamscore.schemas.serde.ConfluentAvroDeserializer;
import dev.streamscore.schemas.serde.ConfluentAvroSerializer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What the scoring job ITs share: a test class's own topics, the job's configuration on them, and
 * Confluent-wire-format clients of the test stack's registry.
 */
record ScoringItJob(TestStack stack, String in, String out, String dlq, String updates, String alerts, String baselines) {

    /** Fresh topics of the test class: input and predictions with 2 partitions, the rest with 1. */
    static ScoringItJob topics(TestStack stack) {
        return new ScoringItJob(stack, stack.createTopic("feature-events", 2), stack.createTopic("predictions", 2),
                stack.createTopic("dlq", 1), stack.createTopic("model-updates", 1), stack.createTopic("alerts", 1),
                stack.createTopic("model-baselines", 1));
    }

    /** The job on these topics, serving the bundle in {@code modelDir}, parallelism 2, checkpoints every 2 s, and more flags. */
    ScoringConfig config(Path modelDir, String... moreFlags) {
        List<String> flags = new ArrayList<>(List.of(
                "--bootstrap-servers", stack.bootstrapServers(),
                "--registry-url", stack.registryUrl(),
                "--input-topic", in, "--predictions-topic", out, "--dead-letter-topic", dlq,
                "--model-updates-topic", updates, "--alerts-topic", alerts,
                "--group-id", stack.topic("scoring"),
                "--model-dir", modelDir.toString(),
                "--parallelism", "2",
                "--checkpoint-interval-ms", "2000"));
        flags.addAll(List.of(moreFlags));
        return ScoringConfig.from(flags.toArray(String[]::new), Map.of());
    }

    /** An acks=all producer of Avro values in the wire format, with extra producer and serializer settings. */
    KafkaProducer<String, Object> avroProducer(Map<String, Object> producerSettings, Map<String, String> serializerSettings) {
        Properties props = stack.kafkaProperties();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.putAll(producerSettings);
        Map<String, Object> settings = new LinkedHashMap<>(serializerSettings);
        settings.put(SchemaRegistryClientConfig.URL, stack.registryUrl());
        ConfluentAvroSerializer<Object> values = new ConfluentAvroSerializer<>();
        values.configure(settings, false);
        return new KafkaProducer<>(props, new StringSerializer(), values);
    }

    /** A deserializer of StreamScore's own records as their generated classes. */
    <T> ConfluentAvroDeserializer<T> specific(Class<T> type) {
        ConfluentAvroDeserializer<T> deserializer = new ConfluentAvroDeserializer<>();
        deserializer.configure(Map.of(SchemaRegistryClientConfig.URL, stack.registryUrl(), "specific.avro.reader", "true"),
                false);
        return deserializer;
    }

    /** A record header as text, or null. */
    static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
