package dev.streamscore.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.streamscore.avro.Prediction;
import dev.streamscore.local.FreePorts;
import dev.streamscore.schemas.registry.SchemaRegistryClient;
import dev.streamscore.schemas.registry.SchemaRegistryClientConfig;
import dev.streamscore.schemas.registry.SchemaRegistryClients;
import dev.streamscore.schemas.serde.SpecificAvroSerde;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * deploy/compose as a user runs it ({@code up -d}), on free host ports: the generated credentials,
 * the SASL_SSL-only broker with ACLs, the model trained and published in the {@code model} service,
 * the scoring job and drift-stream each as its own least-privilege principal, the simulator as
 * {@code streamscore-cli}. From the host, a client with the {@code streamscore-cli} files the
 * README tells users to copy reads the predictions; wrong credentials, plaintext and a topic that
 * principal may not read are refused; no generated password appears in any container's log.
 * Prometheus and Grafana are left out: their images come from Docker Hub, which CI here cannot reach.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ComposeIT {
    private static final Logger LOG = LoggerFactory.getLogger(ComposeIT.class);
    private static final Path COMPOSE_FILE = Path.of(System.getProperty("streamscore.containers.dir", ""))
            .toAbsolutePath().resolveSibling("compose").resolve("docker-compose.yml");
    private static final List<String> SERVICES = List.of("secrets", "kafka", "topics", "registry", "model", "jobmanager",
            "taskmanager", "drift-stream", "simulator");

    private Compose compose;
    private int kafkaPort;
    private int registryPort;
    private boolean up;
    private long upAt;
    private final Properties adminProperties = new Properties();
    private final List<String> generatedSecrets = new ArrayList<>();

    /** The user's copy of the streamscore-cli files. */
    private Path client;

    @BeforeAll
    void up() throws Exception {
        Images.buildScoring();
        Images.buildDrift();
        List<Integer> ports = FreePorts.pick(3);
        kafkaPort = ports.get(0);
        registryPort = ports.get(1);
        Map<String, String> env = new HashMap<>();
        env.put("STREAMSCORE_IMAGE_KAFKA", Images.base("kafka"));
        env.put("STREAMSCORE_IMAGE_REGISTRY", Images.base("registry"));
        env.put("STREAMSCORE_PORT_KAFKA", Integer.toString(kafkaPort));
        env.put("STREAMSCORE_PORT_REGISTRY", Integer.toString(registryPort));
        env.put("STREAMSCORE_PORT_FLINK", Integer.toString(ports.get(2)));
        env.put("GRAFANA_ADMIN_PASSWORD", UUID.randomUUID().toString());
        client = Files.createTempDirectory("compose-it-client");
        compose = new Compose(COMPOSE_FILE, "streamscore-compose-it-" + ProcessHandle.current().pid(), env);
        List<String> upArgs = new ArrayList<>(List.of("up", "-d"));
        upArgs.addAll(SERVICES);
        up = true;
        compose.run(upArgs.toArray(String[]::new));
        // What deploy/README.md tells a user to copy out for their own clients on the host.
        Files.writeString(client.resolve("ca.pem"), secretsFile("streamscore-cli/ca.pem"));
        Files.writeString(client.resolve("client.properties"), secretsFile("streamscore-cli/client.properties"));
        // The admin's login (the broker's volume; the same CA) and every generated secret, read once.
        adminProperties.load(new StringReader(secretsFile("broker/client.properties")));
        adminProperties.put("ssl.truststore.location", client.resolve("ca.pem").toString());
        adminProperties.put("bootstrap.servers", "localhost:" + kafkaPort);
        for (String line : secretsFile("broker/scram-users").split("\n")) {
            if (line.contains("=")) {
                generatedSecrets.add(line.substring(line.indexOf('=') + 1).trim());
            }
        }
        generatedSecrets.add(secretsFile("broker/store-password").trim());
        upAt = System.nanoTime();
    }

    @AfterAll
    void down() throws Exception {
        if (!up) {
            return;
        }
        try {
            LOG.info("Compose logs:\n{}", compose.run("logs", "--no-color", "--tail", "200"));
        } finally {
            compose.run("down", "--volumes", "--remove-orphans", "--timeout", "20");
            try (var files = Files.walk(client)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    @Test
    void scoresAndMonitorsWithEveryPartAuthenticatedAsItsOwnPrincipal() throws Exception {
        List<Prediction> predictions = new ArrayList<>();
        String registry = "http://localhost:" + registryPort + "/apis/ccompat/v7";
        try (SchemaRegistryClient registryClient = SchemaRegistryClients.create(Map.of(SchemaRegistryClientConfig.URL, registry));
                KafkaConsumer<String, Prediction> consumer = predictionsConsumer(registryClient, registry)) {
            consumer.subscribe(List.of("predictions"));
            // `up -d` returns once the model is published; what remains is the job's start on the TaskManager
            // (measured: 200 predictions 12 s after `up -d` returned, on 2 busy cores).
            await("predictions read over SASL_SSL as streamscore-cli").atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(10))
                    .until(() -> {
                        for (ConsumerRecord<String, Prediction> r : consumer.poll(Duration.ofSeconds(1))) {
                            predictions.add(r.value());
                        }
                        return predictions.size() >= 200;
                    });
        }
        LOG.info("200 predictions read {} s after `up -d` returned", secondsSinceUp());
        assertThat(predictions).allSatisfy(p -> {
            assertThat(p.getModelName()).isEqualTo("fraud");
            assertThat(p.getModelVersion()).isEqualTo("1");
        });

        awaitDriftStreamsCommittedPositions();
        // Events are produced only after the model is published, and the job loads it before its first event.
        try (KafkaConsumer<byte[], byte[]> deadLetters = new KafkaConsumer<>(clientProperties("compose-it-dlq"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = List.of(new TopicPartition("feature-events-dlq", 0));
            assertThat(deadLetters.endOffsets(partitions).get(partitions.get(0))).as("dead letters").isZero();
        }
    }

    @Test
    void refusesWrongCredentialsPlaintextAndTopicsOutsideThePrincipalsAcls() throws Exception {
        Properties wrongPassword = clientProperties(null);
        wrongPassword.put("sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"streamscore-cli\" password=\"guess\";");
        try (Admin admin = Admin.create(wrongPassword)) {
            assertThatThrownBy(() -> admin.listTopics().names().get())
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(SaslAuthenticationException.class);
        }
        Properties plaintext = new Properties();
        plaintext.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:" + kafkaPort);
        plaintext.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        plaintext.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        try (Admin admin = Admin.create(plaintext)) {
            assertThatThrownBy(() -> admin.listTopics().names().get()).as("a plaintext client gets no answer")
                    .isInstanceOf(ExecutionException.class);
        }
        try (Admin admin = Admin.create(clientProperties(null))) {
            assertThat(admin.listTopics().names().get()).contains("predictions").doesNotContain("labeled-predictions");
            assertThatThrownBy(() -> admin.describeTopics(List.of("labeled-predictions")).allTopicNames().get())
                    .as("streamscore-cli may not see drift-stream's own output")
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void noGeneratedPasswordAppearsInAnyLog() throws Exception {
        // Every client has logged in by then: the job's source and sink, drift-stream's, the simulator's.
        awaitDriftStreamsCommittedPositions();
        String logs = compose.run("logs", "--no-color");
        assertThat(generatedSecrets).hasSize(5).allSatisfy(p -> assertThat(p).hasSizeGreaterThanOrEqualTo(32));
        for (String password : generatedSecrets) {
            assertThat(logs).as("the compose logs").doesNotContain(password);
        }
    }

    /** drift-stream, as drift-stream, has read both inputs and committed its positions (in its transactions). */
    private void awaitDriftStreamsCommittedPositions() throws Exception {
        try (Admin admin = Admin.create(adminProperties)) {
            // The simulator's first labels come seconds after its first events (measured: committed 19 s
            // after `up -d` returned).
            await("drift-stream's committed positions on predictions and labels").atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofSeconds(5))
                    .untilAsserted(() -> {
                        Map<TopicPartition, OffsetAndMetadata> committed =
                                admin.listConsumerGroupOffsets("streamscore-drift").partitionsToOffsetAndMetadata().get();
                        assertThat(committed.entrySet()).anyMatch(e -> e.getKey().topic().equals("predictions") && e.getValue().offset() > 0);
                        assertThat(committed.entrySet()).anyMatch(e -> e.getKey().topic().equals("labels") && e.getValue().offset() > 0);
                    });
        }
        LOG.info("drift-stream's positions committed {} s after `up -d` returned", secondsSinceUp());
    }

    /** A file the secrets service generated, read as a user would: through a one-off container of that service. */
    private String secretsFile(String path) throws IOException, InterruptedException {
        return compose.run("run", "--rm", "--no-deps", "--entrypoint", "cat", "secrets", "/out/" + path);
    }

    /** The copied client.properties, with the truststore where it was copied to (as the README says to set it). */
    private Properties clientProperties(String group) throws IOException {
        Properties props = new Properties();
        props.load(new StringReader(Files.readString(client.resolve("client.properties"))));
        props.put("ssl.truststore.location", client.resolve("ca.pem").toString());
        props.put("bootstrap.servers", "localhost:" + kafkaPort);
        if (group != null) {
            props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
            props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        }
        return props;
    }

    private KafkaConsumer<String, Prediction> predictionsConsumer(SchemaRegistryClient registryClient, String registry)
            throws IOException {
        SpecificAvroSerde<Prediction> serde = new SpecificAvroSerde<>(registryClient, Prediction.class);
        serde.configure(Map.of(SchemaRegistryClientConfig.URL, registry), false);
        // The group must match the principal's ACL (prefix streamscore-tail-).
        return new KafkaConsumer<>(clientProperties("streamscore-tail-compose-it"), new StringDeserializer(), serde.deserializer());
    }

    private long secondsSinceUp() {
        return Duration.ofNanos(System.nanoTime() - upAt).toSeconds();
    }
}
