package dev.streamscore.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.streamscore.avro.Label;
import dev.streamscore.avro.Prediction;
import dev.streamscore.drift.DriftFixtures.World;
import dev.streamscore.local.KafkaSecurity;
import dev.streamscore.local.LocalStack;
import dev.streamscore.local.LocalStackConfig;
import dev.streamscore.local.TopicSpec;
import dev.streamscore.local.testing.Acls;
import dev.streamscore.local.testing.LogCapture;
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
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real drift app against a broker that only speaks SASL_SSL (SCRAM-SHA-512) and enforces ACLs:
 * given a {@code monitor} user's credentials only as pass-through {@code kafka.*} settings (the
 * secrets from the environment), with ACLs for its topics, its internal topics, its group and its
 * transactional ids (exactly-once), it reaches RUNNING and joins every prediction with its label.
 * Without credentials, with a wrong password, or as a user without ACLs it does not start, and says
 * why; no password appears in any log line or refusal.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DriftSecurityIT {
    private static final String MONITOR = "monitor";
    private static final String STRANGER = "stranger";
    private static final String MONITOR_PASSWORD = KafkaSecurity.randomPassword();
    private static final String STRANGER_PASSWORD = KafkaSecurity.randomPassword();
    private static final String WRONG_PASSWORD = KafkaSecurity.randomPassword();
    private static final String APP = "streamscore-drift";
    private static final int PAIRS = 50;
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final List<String> INPUTS = List.of("predictions", "labels", "model-baselines");
    private static final List<String> OUTPUTS = List.of("labeled-predictions", "drift-metrics", "alerts", "drift-dlq");

    private static final LogCapture LOGS = new LogCapture();
    /** Whole stack traces of the refusals, checked for secrets at the end. */
    private static final List<String> REFUSALS = new ArrayList<>();
    private static LocalStack stack;

    @TempDir
    Path stateDir;

    @BeforeAll
    static void startSecuredStack() throws Exception {
        LOGS.attach();
        stack = LocalStack.start(LocalStackConfig.forTests().withKafkaSecurity(
                KafkaSecurity.saslSsl(Map.of(MONITOR, MONITOR_PASSWORD, STRANGER, STRANGER_PASSWORD))));
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
            Acls.createAndAwait(admin, acls, TIMEOUT);
        }
    }

    @AfterAll
    static void stopSecuredStack() {
        try {
            if (stack != null) {
                stack.close();
            }
        } finally {
            LOGS.detach();
        }
    }

    /** The monitor's settings: TLS and SASL as flags, the JAAS config and truststore password from the environment. */
    private DriftConfig config(String user, String jaas) {
        Map<String, String> client = stack.clientProperties(user);
        Map<String, String> environment = new HashMap<>();
        environment.put("STREAMSCORE_KAFKA_SSL_TRUSTSTORE_PASSWORD", client.get("ssl.truststore.password"));
        if (jaas != null) {
            environment.put("STREAMSCORE_KAFKA_SASL_JAAS_CONFIG", jaas);
        }
        return DriftConfig.from(new String[] {
            "--application-id", APP, "--bootstrap-servers", stack.bootstrapServers(),
            "--registry-url", stack.registryUrl(), "--state-dir", stateDir.toString(), "--http-port", "0",
            "--window-size", "10s", "--max-label-delay", "30s",
            "--kafka.commit.interval.ms", "100",
            "--kafka.security.protocol", client.get("security.protocol"),
            "--kafka.sasl.mechanism", client.get("sasl.mechanism"),
            "--kafka.ssl.truststore.type", client.get("ssl.truststore.type"),
            "--kafka.ssl.truststore.location", client.get("ssl.truststore.location")}, environment);
    }

    @Test
    @Order(1)
    void driftAppWithCredentialsFromConfigurationJoinsPredictionsAndLabels() throws Exception {
        DriftConfig config = config(MONITOR, stack.clientProperties(MONITOR).get("sasl.jaas.config"));
        assertThat(config.toString()).doesNotContain(stack.clientProperties(MONITOR).get("ssl.truststore.password"))
                .doesNotContain(MONITOR_PASSWORD);

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

    @Test
    @Order(2)
    void withoutCredentialsWithAWrongPasswordOrWithoutAclsTheAppDoesNotStartAndSaysWhy() {
        // TLS and SASL configured, but no JAAS config: the clients cannot even be built.
        Throwable noCredentials = refusal(() -> DriftApp.start(config(MONITOR, null)));
        assertThat(noCredentials).hasMessageContaining("Cannot create a Kafka client").hasMessageContaining("kafka.sasl.*")
                .hasMessageContaining("JAAS configuration");

        String wrongJaas = stack.clientProperties(MONITOR).get("sasl.jaas.config").replace(MONITOR_PASSWORD, WRONG_PASSWORD);
        Throwable wrongPassword = refusal(() -> DriftApp.start(config(MONITOR, wrongJaas)));
        assertThat(wrongPassword).hasMessageContaining("Cannot describe the input topics");
        assertThat(causes(wrongPassword)).anySatisfy(c -> assertThat(c).isInstanceOf(SaslAuthenticationException.class));

        Throwable noAcls = refusal(() -> DriftApp.start(config(STRANGER, stack.clientProperties(STRANGER).get("sasl.jaas.config"))));
        assertThat(noAcls).hasMessageContaining("Cannot describe the input topics");
        assertThat(causes(noAcls)).anySatisfy(c -> assertThat(c).isInstanceOf(TopicAuthorizationException.class));
    }

    @Test
    @Order(3)
    void noSecretAppearsInLogsOrRefusals() throws Exception {
        List<String> secrets = List.of(MONITOR_PASSWORD, STRANGER_PASSWORD, WRONG_PASSWORD,
                stack.clientProperties(KafkaSecurity.ADMIN).get("sasl.jaas.config").replaceAll(".*password=\"([^\"]+)\".*", "$1"),
                stack.trustProperties().get("ssl.truststore.password"));
        assertThat(secrets).allSatisfy(secret -> assertThat(secret).hasSize(32));
        String captured = String.join("\n", LOGS.lines());
        // The capture saw the clients' config dumps, so its silence about secrets means something.
        assertThat(captured).contains("sasl.jaas.config = [hidden]", "ssl.truststore.password = [hidden]",
                "security.protocol = SASL_SSL");
        assertThat(REFUSALS).hasSize(3);
        List<String> brokerLogs = LogCapture.readLogs(stack.logDir());
        assertThat(String.join("\n", brokerLogs)).contains("sasl.enabled.mechanisms = [SCRAM-SHA-512]");
        Map<String, String> labels = new HashMap<>();
        List<String> names = List.of("monitor's", "stranger's", "wrong", "admin's", "truststore");
        for (int i = 0; i < secrets.size(); i++) {
            labels.put(secrets.get(i), "<" + names.get(i) + " password>");
        }
        assertThat(LogCapture.leaks(labels, Map.of("log lines of this JVM", LOGS.lines(), "refusals", REFUSALS,
                "broker logs", brokerLogs))).isEmpty();
    }

    /** What starting the app threw, recorded with its whole stack trace for the secrets check. */
    private static Throwable refusal(ThrowingCallable start) {
        Throwable thrown = catchThrowable(start);
        assertThat(thrown).as("the app was refused").isNotNull();
        REFUSALS.add(LogCapture.stackTrace(thrown));
        return thrown;
    }

    private static List<Throwable> causes(Throwable thrown) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = thrown; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
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
