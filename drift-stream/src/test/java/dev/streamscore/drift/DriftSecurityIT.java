package dev.streamscore.drift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamscore.avro.Label;
import dev.streamscore.avro.Prediction;
import dev.streamscore.drift.DriftFixtures.World;
import dev.streamscore.local.KafkaSecurity;
import dev.streamscore.local.LocalStack;
import dev.streamscore.local.LocalStackConfig;
import dev.streamscore.local.TopicSpec;
import dev.streamscore.schemas.registry.SchemaRegistryClientConfig;
import dev.streamscore.schemas.serde.ConfluentAvroSerializer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real drift app against a broker that only speaks SASL_SSL (SCRAM-SHA-512) and enforces ACLs:
 * given a {@code monitor} user's credentials only as pass-through {@code kafka.*} settings (the
 * secrets from the environment), with ACLs for its topics, its internal topics, its group and its
 * transactional ids (exactly-once), it reaches RUNNING and joins every prediction with its label.
 * Refusals and the secrets-in-logs check are in scoring-stream's {@code SecurityIT}.
 */
class DriftSecurityIT {
    private static final String MONITOR = "monitor";
    private static final String APP = "streamscore-drift";
    private static final int PAIRS = 50;
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final List<String> INPUTS = List.of("predictions", "labels", "model-baselines");
    private static final List<String> OUTPUTS = List.of("labeled-predictions", "drift-metrics", "alerts", "drift-dlq");

    @TempDir
    Path stateDir;

    @Test
    void driftAppWithCredentialsFromConfigurationJoinsPredictionsAndLabels() throws Exception {
        try (LocalStack stack = LocalStack.start(LocalStackConfig.forTests().withKafkaSecurity(
                KafkaSecurity.saslSsl(Map.of(MONITOR, KafkaSecurity.randomPassword()))))) {
            List<TopicSpec> topics = new ArrayList<>();
            INPUTS.forEach(t -> topics.add(TopicSpec.of(t, 1)));
            OUTPUTS.forEach(t -> topics.add(TopicSpec.of(t, 1)));
            stack.createTopics(topics);
            List<AclBinding> acls = new ArrayList<>();
            INPUTS.forEach(t -> acls.add(allow(ResourceType.TOPIC, t, PatternType.LITERAL, AclOperation.READ)));
            for (String t : OUTPUTS) {
                acls.add(allow(ResourceType.TOPIC, t, PatternType.LITERAL, AclOperation.WRITE));
                // The app's own meters read its output topics back.
                acls.add(allow(ResourceType.TOPIC, t, PatternType.LITERAL, AclOperation.READ));
            }
            // Kafka Streams' changelog and repartition topics and its group are named after the application id.
            acls.add(allow(ResourceType.TOPIC, APP, PatternType.PREFIXED, AclOperation.ALL));
            acls.add(allow(ResourceType.GROUP, APP, PatternType.PREFIXED, AclOperation.READ));
            // Exactly-once (the default): its producers' transactional ids start with the application id too.
            acls.add(allow(ResourceType.TRANSACTIONAL_ID, APP, PatternType.PREFIXED, AclOperation.WRITE));
            try (Admin admin = Admin.create(new HashMap<>(withBootstrap(stack, stack.adminClientProperties())))) {
                admin.createAcls(acls).all().get();
            }

            Map<String, String> monitor = stack.clientProperties(MONITOR);
            DriftConfig config = DriftConfig.from(new String[] {
                "--application-id", APP, "--bootstrap-servers", stack.bootstrapServers(),
                "--registry-url", stack.registryUrl(), "--state-dir", stateDir.toString(), "--http-port", "0",
                "--window-size", "10s", "--max-label-delay", "30s",
                "--kafka.commit.interval.ms", "100",
                "--kafka.security.protocol", monitor.get("security.protocol"),
                "--kafka.sasl.mechanism", monitor.get("sasl.mechanism"),
                "--kafka.ssl.truststore.type", monitor.get("ssl.truststore.type"),
                "--kafka.ssl.truststore.location", monitor.get("ssl.truststore.location")},
                Map.of("STREAMSCORE_KAFKA_SASL_JAAS_CONFIG", monitor.get("sasl.jaas.config"),
                        "STREAMSCORE_KAFKA_SSL_TRUSTSTORE_PASSWORD", monitor.get("ssl.truststore.password")));
            assertThat(config.toString()).doesNotContain(stack.clientProperties(MONITOR).get("ssl.truststore.password"));

            long t0 = ItKafka.recentStart().toEpochMilli();
            try (KafkaProducer<String, Object> producer = new KafkaProducer<>(producerProps(stack))) {
                producer.send(new ProducerRecord<>("model-baselines", DriftFixtures.MODEL_KEY, DriftFixtures.modelBaseline())).get();
                for (int i = 0; i < PAIRS; i++) {
                    Prediction p = DriftFixtures.prediction(World.STATIONARY, i, t0 + i * 30L);
                    producer.send(new ProducerRecord<>("predictions", p.getEntityId(), p));
                    Label l = DriftFixtures.label(p, p.getEventTime().toEpochMilli() + 5_000);
                    producer.send(new ProducerRecord<>("labels", l.getEventId(), l));
                }
                producer.flush();
            }

            try (DriftApp app = DriftApp.start(config)) {
                long deadline = System.nanoTime() + TIMEOUT.toNanos();
                while (app.state() != KafkaStreams.State.RUNNING && System.nanoTime() < deadline) {
                    assertThat(app.state()).isNotIn(KafkaStreams.State.ERROR, KafkaStreams.State.NOT_RUNNING);
                    Thread.sleep(100);
                }
                assertThat(app.state()).isEqualTo(KafkaStreams.State.RUNNING);
                assertThat(readAll(stack, "labeled-predictions", PAIRS)).hasSize(PAIRS);
            }
        }
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAll(LocalStack stack, String topic, int expected) {
        Properties props = new Properties();
        props.putAll(withBootstrap(stack, stack.adminClientProperties()));
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + System.nanoTime());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    private static Properties producerProps(LocalStack stack) {
        Properties props = new Properties();
        props.putAll(withBootstrap(stack, stack.adminClientProperties()));
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ConfluentAvroSerializer.class.getName());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(SchemaRegistryClientConfig.URL, stack.registryUrl());
        return props;
    }

    private static Map<String, Object> withBootstrap(LocalStack stack, Map<String, String> security) {
        Map<String, Object> config = new HashMap<>(security);
        config.put("bootstrap.servers", stack.bootstrapServers());
        return config;
    }

    private static AclBinding allow(ResourceType type, String name, PatternType pattern, AclOperation operation) {
        return new AclBinding(new ResourcePattern(type, name, pattern),
                new AccessControlEntry("User:" + MONITOR, "*", operation, AclPermissionType.ALLOW));
    }
}
