package dev.streamscore.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import dev.streamscore.local.testing.LocalStackExtension;
import dev.streamscore.local.testing.TestStack;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The real broker and registry: through the shared test stack, and stacks of their own for the lifecycle. */
@ExtendWith(LocalStackExtension.class)
class LocalStackIT {

    private static final String SCHEMA_REGISTRY_JSON = "application/vnd.schemaregistry.v1+json";
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void brokerRoundTripsARecord(TestStack stack) throws Exception {
        String topic = stack.createTopic("round-trip", 1);

        Properties producerProps = stack.kafkaProperties();
        producerProps.put("acks", "all");
        try (KafkaProducer<String, String> producer =
                     new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "key-1", "hello")).get(30, TimeUnit.SECONDS);
        }

        Properties consumerProps = stack.kafkaProperties();
        consumerProps.put("group.id", stack.topic("reader"));
        consumerProps.put("auto.offset.reset", "earliest");
        List<ConsumerRecord<String, String>> received = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(consumerProps, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (received.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(received::add);
            }
        }

        assertThat(received).hasSize(1);
        assertThat(received.get(0).key()).isEqualTo("key-1");
        assertThat(received.get(0).value()).isEqualTo("hello");
    }

    @Test
    void registryServesTheConfluentApiWithBackwardCompatibility(TestStack stack) throws Exception {
        assertThat(stack.registryUrl()).matches("http://127\\.0\\.0\\.1:\\d+/apis/ccompat/v7");

        HttpResponse<String> subjects = get(stack.registryUrl() + "/subjects");
        HttpResponse<String> config = get(stack.registryUrl() + "/config");

        assertThat(subjects.statusCode()).isEqualTo(200);
        assertThat(subjects.body()).startsWith("[");
        assertThat(config.statusCode()).isEqualTo(200);
        assertThat(config.body()).contains("\"compatibilityLevel\":\"BACKWARD\"");
    }

    @Test
    void createTopicCreatesATopicTheAdminLists(TestStack stack) throws Exception {
        String topic = stack.createTopic("listed", 3);

        try (Admin admin = Admin.create(stack.kafkaProperties())) {
            Set<String> names = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(topic).partitions().size();

            assertThat(topic).isEqualTo(stack.topic("listed")).startsWith("local-stack-it-listed-");
            assertThat(names).contains(topic);
            assertThat(partitions).isEqualTo(3);
        }
    }

    @Test
    void closeStopsBothChildrenFreesThePortsAndDeletesTheDataDir() {
        LocalStack stack = LocalStack.start(LocalStackConfig.forTests()
                .withTopics(List.of(TopicSpec.compacted("model-updates", 1))));
        List<Long> pids = stack.childPids();
        LocalStackConfig config = stack.config();
        assertThat(pids).hasSize(2).allMatch(LocalStackIT::isAlive);
        assertThat(Files.isDirectory(stack.dataDir())).isTrue();

        stack.close();
        stack.close();

        assertThat(pids).noneMatch(LocalStackIT::isAlive);
        for (int port : List.of(config.kafkaPort(), config.kafkaControllerPort(), config.registryPort())) {
            assertThat(FreePorts.isFree(port)).as("port %d is free", port).isTrue();
        }
        assertThat(stack.dataDir()).doesNotExist();
        assertThat(stack.logDir().resolve("kafka.log")).as("logs outlive a test stack").isNotEmptyFile();
        assertThat(stack.logDir().resolve("registry.log")).isNotEmptyFile();
    }

    @Test
    void persistentStackKeepsTopicsAndSchemasAcrossRestarts(@TempDir Path dataDir) throws Exception {
        // Free ports instead of the fixed defaults, so the test never collides with a developer's running stack.
        LocalStackConfig config = new LocalStackConfig(dataDir, true, 0, 0, 0, 0,
                LocalStackConfig.DEFAULT_STARTUP_TIMEOUT, List.of(TopicSpec.compacted("model-updates", 1)), null);
        String schema = "{\"type\":\"record\",\"name\":\"Kept\",\"fields\":[{\"name\":\"x\",\"type\":\"int\"}]}";
        String body = "{\"schema\":\"" + schema.replace("\"", "\\\"") + "\"}";

        try (LocalStack first = LocalStack.start(config)) {
            HttpResponse<String> registered = http.send(HttpRequest.newBuilder(
                            URI.create(first.registryUrl() + "/subjects/kept-value/versions"))
                    .header("Content-Type", SCHEMA_REGISTRY_JSON)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(registered.statusCode()).isEqualTo(200);
        }
        assertThat(dataDir.resolve("kafka/cluster.id")).exists();

        try (LocalStack second = LocalStack.start(config)) {
            assertThat(get(second.registryUrl() + "/subjects").body()).contains("kept-value");
            try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", second.bootstrapServers()))) {
                ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, "model-updates");
                ConfigEntry cleanup = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS)
                        .get(resource).get("cleanup.policy");
                assertThat(cleanup.value()).isEqualTo("compact");
            }
        }
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static boolean isAlive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
