package dev.streamscore.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.streamscore.avro.Prediction;
import dev.streamscore.demo.Transaction;
import dev.streamscore.local.KafkaSecurity;
import dev.streamscore.local.LocalStack;
import dev.streamscore.local.LocalStackConfig;
import dev.streamscore.local.TopicSpec;
import dev.streamscore.local.testing.Acls;
import dev.streamscore.local.testing.LogCapture;
import dev.streamscore.model.bundle.ModelBundle;
import dev.streamscore.schemas.registry.SchemaRegistryClientConfig;
import dev.streamscore.schemas.serde.ConfluentAvroDeserializer;
import dev.streamscore.schemas.serde.ConfluentAvroSerializer;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The scoring job against a broker that only speaks SASL_SSL (SCRAM-SHA-512, a CA and broker
 * certificate generated for the test) and enforces ACLs (StandardAuthorizer): its own secured
 * {@link LocalStack}, not the shared plaintext one.
 *
 * <p>Proves: the admin creates topics and least-privilege ACLs; the real {@link ScoringJob}, given
 * credentials only as pass-through {@code kafka.*} client settings (flags and environment), scores
 * what an authorised producer writes; clients without TLS, without SASL, with a wrong password, or
 * with valid credentials but no ACL are refused with the exception a user would see; and no
 * password appears in any log line of the run (job, clients, broker) or in those exceptions.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecurityIT {
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final String SCORER = "scorer";
    private static final String FEEDER = "feeder";
    private static final String GROUP = "streamscore-scoring";
    private static final String EVENTS = "feature-events";
    private static final String PREDICTIONS = "predictions";
    private static final String DLQ = "feature-events-dlq";
    private static final String UPDATES = "model-updates";
    private static final String ALERTS = "alerts";
    /** drift-stream's input: nothing the scoring job may read. */
    private static final String LABELS = "labels";

    private static final String SCORER_PASSWORD = KafkaSecurity.randomPassword();
    private static final String FEEDER_PASSWORD = KafkaSecurity.randomPassword();
    private static final String WRONG_PASSWORD = KafkaSecurity.randomPassword();

    private static final LogCapture LOGS = new LogCapture();
    /** Full stack traces (messages and causes) of every refusal, checked for secrets at the end. */
    private static final List<String> REFUSALS = new ArrayList<>();
    private static LocalStack stack;

    @BeforeAll
    static void startSecuredStack() {
        LOGS.attach();
        stack = LocalStack.start(LocalStackConfig.forTests().withKafkaSecurity(
                KafkaSecurity.saslSsl(Map.of(SCORER, SCORER_PASSWORD, FEEDER, FEEDER_PASSWORD))));
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

    @Test
    @Order(1)
    void adminCreatesTopicsAndLeastPrivilegeAcls() throws Exception {
        stack.createTopics(List.of(TopicSpec.of(EVENTS, 2), TopicSpec.of(PREDICTIONS, 2), TopicSpec.of(DLQ, 1),
                TopicSpec.compacted(UPDATES, 1), TopicSpec.of(ALERTS, 1), TopicSpec.of(LABELS, 1)));
        List<AclBinding> acls = List.of(
                allow(ResourceType.TOPIC, EVENTS, PatternType.LITERAL, SCORER, AclOperation.READ),
                allow(ResourceType.TOPIC, UPDATES, PatternType.LITERAL, SCORER, AclOperation.READ),
                // The job's group and its model-updates group (<group>-model-updates).
                allow(ResourceType.GROUP, GROUP, PatternType.PREFIXED, SCORER, AclOperation.READ),
                allow(ResourceType.TOPIC, PREDICTIONS, PatternType.LITERAL, SCORER, AclOperation.WRITE),
                allow(ResourceType.TOPIC, DLQ, PatternType.LITERAL, SCORER, AclOperation.WRITE),
                allow(ResourceType.TOPIC, ALERTS, PatternType.LITERAL, SCORER, AclOperation.WRITE),
                // Exactly-once: the sinks' transactional ids start with the group id (<group>-<sink>-<uuid>-...),
                allow(ResourceType.TRANSACTIONAL_ID, GROUP, PatternType.PREFIXED, SCORER, AclOperation.WRITE),
                // and at start Flink's sink looks for transactions a crashed run left open on its output
                // partitions (DescribeProducers), which Kafka authorizes as READ on the topic.
                allow(ResourceType.TOPIC, PREDICTIONS, PatternType.LITERAL, SCORER, AclOperation.READ),
                allow(ResourceType.TOPIC, DLQ, PatternType.LITERAL, SCORER, AclOperation.READ),
                allow(ResourceType.TOPIC, ALERTS, PatternType.LITERAL, SCORER, AclOperation.READ),
                allow(ResourceType.TOPIC, EVENTS, PatternType.LITERAL, FEEDER, AclOperation.WRITE));
        try (Admin admin = admin(stack.adminClientProperties())) {
            Acls.createAndAwait(admin, acls, Duration.ofSeconds(30));
            assertThat(admin.listTopics().names().get()).contains(EVENTS, PREDICTIONS, DLQ, UPDATES, ALERTS);
            AclBindingFilter scorerAcls = new AclBindingFilter(ResourcePatternFilter.ANY, new AccessControlEntryFilter(
                    "User:" + SCORER, null, AclOperation.ANY, AclPermissionType.ANY));
            assertThat(admin.describeAcls(scorerAcls).values().get()).hasSize(10);
        }
    }

    @Test
    @Order(2)
    void scoringJobWithCredentialsFromConfigurationScoresWhatAnAuthorisedProducerWrites() throws Exception {
        ModelBundle model = TrainedModels.version("1");
        Map<String, String> scorer = stack.clientProperties(SCORER);
        // Non-secret client settings as flags, the secrets from the environment (as a container would get them).
        ScoringConfig config = ScoringConfig.from(new String[] {
                "--bootstrap-servers", stack.bootstrapServers(),
                "--registry-url", stack.registryUrl(),
                "--group-id", GROUP,
                "--model-dir", model.directory().toString(),
                "--parallelism", "1",
                "--checkpoint-interval-ms", "2000",
                "--delivery-guarantee", "exactly-once",
                "--kafka.security.protocol", scorer.get("security.protocol"),
                "--kafka.sasl.mechanism", scorer.get("sasl.mechanism"),
                "--kafka.ssl.truststore.type", scorer.get("ssl.truststore.type"),
                "--kafka.ssl.truststore.location", scorer.get("ssl.truststore.location")},
                Map.of("STREAMSCORE_KAFKA_SASL_JAAS_CONFIG", scorer.get("sasl.jaas.config"),
                        "STREAMSCORE_KAFKA_SSL_TRUSTSTORE_PASSWORD", scorer.get("ssl.truststore.password")));
        assertThat(config.kafka()).containsEntry("sasl.jaas.config", scorer.get("sasl.jaas.config"));

        JobClient job = ScoringJob.start(config);
        try (KafkaProducer<String, Object> feeder = feeder();
                TopicReader<Prediction> predictions = new TopicReader<>(properties(stack.adminClientProperties()),
                        PREDICTIONS, predictionDeserializer(), "read_committed")) {
            SplittableRandom random = new SplittableRandom(7);
            Set<String> sent = new HashSet<>();
            for (int i = 0; i < 100; i++) {
                Transaction t = TransactionFixtures.transaction(i, random);
                sent.add(t.getEventId());
                feeder.send(new ProducerRecord<>(EVENTS, t.getCardId(), t)).get();
            }
            predictions.readUntil(r -> r.size() >= 100, WAIT);
            // Anything beyond 100 would be a duplicate: give a few more checkpoints the chance to commit one.
            List<ConsumerRecord<byte[], Prediction>> scored = predictions.readUntil(r -> false, Duration.ofSeconds(5));
            assertThat(scored).as("each event once, in committed transactions").hasSize(100);
            assertThat(scored.stream().map(r -> r.value().getEventId()).collect(Collectors.toSet())).isEqualTo(sent);
            assertThat(scored).allSatisfy(r -> assertThat(r.value().getModelVersion()).isEqualTo("1"));
        } finally {
            job.cancel().get();
        }
    }

    @Test
    @Order(3)
    void plaintextClientIsRefused() {
        Throwable refused = describeCluster(Map.of());
        assertThat(refused).isInstanceOf(TimeoutException.class);
    }

    @Test
    @Order(3)
    void tlsClientWithoutSaslIsRefused() {
        Map<String, String> sslOnly = new HashMap<>(stack.trustProperties());
        sslOnly.put("security.protocol", "SSL");
        Throwable refused = describeCluster(sslOnly);
        assertThat(refused).isInstanceOf(TimeoutException.class);
    }

    @Test
    @Order(3)
    void clientThatDoesNotTrustTheBrokerCertificateIsRefused() {
        Map<String, String> untrusting = new HashMap<>(stack.clientProperties(SCORER));
        untrusting.keySet().removeIf(key -> key.startsWith("ssl.truststore."));
        Throwable refused = describeCluster(untrusting);
        assertThat(refused).isInstanceOf(SslAuthenticationException.class);
    }

    @Test
    @Order(3)
    void wrongPasswordIsRefused() {
        Map<String, String> wrong = new HashMap<>(stack.clientProperties(SCORER));
        wrong.put("sasl.jaas.config", wrong.get("sasl.jaas.config").replace(SCORER_PASSWORD, WRONG_PASSWORD));
        Throwable refused = describeCluster(wrong);
        assertThat(refused).isInstanceOf(SaslAuthenticationException.class)
                .hasMessageContaining("Authentication failed");
    }

    @Test
    @Order(3)
    void scorerMayNotReadAnotherAppsTopicNorJoinAnotherGroup() {
        Properties props = properties(stack.clientProperties(SCORER));
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(List.of(new TopicPartition(LABELS, 0)));
            consumer.seekToBeginning(consumer.assignment());
            Throwable refused = refusal(catchThrowable(() -> consumer.poll(Duration.ofSeconds(30))));
            assertThat(refused).isInstanceOf(TopicAuthorizationException.class);
            assertThat(((TopicAuthorizationException) refused).unauthorizedTopics()).containsExactly(LABELS);
        }
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "someone-elses-group");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(EVENTS));
            Throwable refused = refusal(catchThrowable(() -> consumer.poll(Duration.ofSeconds(30))));
            assertThat(refused).isInstanceOf(GroupAuthorizationException.class);
        }
    }

    @Test
    @Order(3)
    void producerOfEventsCannotPublishModelUpdates() {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(properties(stack.clientProperties(FEEDER)),
                new StringSerializer(), new StringSerializer())) {
            Throwable refused = refusal(catchThrowable(() ->
                    producer.send(new ProducerRecord<>(UPDATES, "fraud@CHAMPION", "poison")).get()));
            assertThat(refused).isInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    @Order(4)
    void noSecretAppearsInLogsOrExceptionMessages() throws IOException {
        List<String> secrets = List.of(SCORER_PASSWORD, FEEDER_PASSWORD, WRONG_PASSWORD,
                stack.clientProperties(KafkaSecurity.ADMIN).get("sasl.jaas.config").replaceAll(".*password=\"([^\"]+)\".*", "$1"),
                stack.trustProperties().get("ssl.truststore.password"));
        assertThat(secrets).allSatisfy(secret -> assertThat(secret).hasSize(32));

        String captured = String.join("\n", LOGS.lines());
        // The capture saw the clients' config dumps and the refusals, so its silence about secrets means something.
        assertThat(captured).contains("sasl.jaas.config = [hidden]", "ssl.truststore.password = [hidden]",
                "security.protocol = SASL_SSL");
        assertThat(REFUSALS).hasSize(7);
        List<String> brokerLogs = LogCapture.readLogs(stack.logDir());
        assertThat(String.join("\n", brokerLogs)).contains("sasl.enabled.mechanisms = [SCRAM-SHA-512]");
        Map<String, String> labels = new HashMap<>();
        List<String> names = List.of("scorer's", "feeder's", "wrong", "admin's", "truststore");
        for (int i = 0; i < secrets.size(); i++) {
            labels.put(secrets.get(i), "<" + names.get(i) + " password>");
        }
        assertThat(LogCapture.leaks(labels, Map.of("log lines of this JVM", LOGS.lines(), "refusals", REFUSALS,
                "broker logs", brokerLogs))).isEmpty();
    }

    private static Throwable describeCluster(Map<String, String> security) {
        Map<String, String> config = new HashMap<>(security);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "8000");
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "4000");
        try (Admin admin = admin(config)) {
            return refusal(catchThrowable(() -> admin.describeCluster().nodes().get()));
        }
    }

    /** The cause a user would look at, recorded with its whole stack trace for the secrets check. */
    private static Throwable refusal(Throwable thrown) {
        assertThat(thrown).as("the client was refused").isNotNull();
        Throwable cause = thrown instanceof ExecutionException && thrown.getCause() != null ? thrown.getCause() : thrown;
        synchronized (REFUSALS) {
            REFUSALS.add(LogCapture.stackTrace(thrown));
        }
        return cause;
    }

    private static Admin admin(Map<String, String> security) {
        Map<String, Object> config = new HashMap<>(security);
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        return Admin.create(config);
    }

    private static Properties properties(Map<String, String> security) {
        Properties props = new Properties();
        props.putAll(security);
        props.put("bootstrap.servers", stack.bootstrapServers());
        return props;
    }

    private static KafkaProducer<String, Object> feeder() {
        Properties props = properties(stack.clientProperties(FEEDER));
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        ConfluentAvroSerializer<Object> values = new ConfluentAvroSerializer<>();
        values.configure(Map.of(SchemaRegistryClientConfig.URL, stack.registryUrl()), false);
        return new KafkaProducer<>(props, new StringSerializer(), values);
    }

    private static ConfluentAvroDeserializer<Prediction> predictionDeserializer() {
        ConfluentAvroDeserializer<Prediction> deserializer = new ConfluentAvroDeserializer<>();
        deserializer.configure(Map.of(SchemaRegistryClientConfig.URL, stack.registryUrl(), "specific.avro.reader", "true"), false);
        return deserializer;
    }

    private static AclBinding allow(ResourceType type, String name, PatternType pattern, String user, AclOperation operation) {
        return new AclBinding(new ResourcePattern(type, name, pattern),
                new AccessControlEntry("User:" + user, "*", operation, AclPermissionType.ALLOW));
    }
}
