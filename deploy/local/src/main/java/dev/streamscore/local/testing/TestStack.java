package dev.streamscore.local.testing;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.streamscore.local.LocalStack;
import dev.streamscore.local.TopicSpec;

/**
 * A test class's view of the shared {@link LocalStack}: its addresses, and topic names that are
 * unique to the test class and the test run ({@code <test-class-in-kebab-case>-<name>-<runId>}),
 * so test classes sharing one broker never see each other's records, and a rerun against a
 * persistent broker never sees an earlier run's.
 */
public final class TestStack {

    private final LocalStack stack;
    private final Class<?> testClass;
    private final String runId;

    TestStack(LocalStack stack, Class<?> testClass, String runId) {
        this.stack = Objects.requireNonNull(stack, "stack");
        this.testClass = Objects.requireNonNull(testClass, "testClass");
        this.runId = Objects.requireNonNull(runId, "runId");
    }

    public String bootstrapServers() {
        return stack.bootstrapServers();
    }

    /** The Confluent-compatible registry base URL ({@code .../apis/ccompat/v7}). */
    public String registryUrl() {
        return stack.registryUrl();
    }

    /** The full topic name for {@code name} in this test class and run; does not create it. */
    public String topic(String name) {
        return topicName(testClass, name, runId);
    }

    /** Creates the topic {@link #topic(String) topic(name)} and returns its full name. */
    public String createTopic(String name, int partitions) {
        String topic = topic(name);
        stack.createTopics(Map.of(topic, partitions));
        return topic;
    }

    /** Client properties with {@code bootstrap.servers} set; add serializers, group id and so on. */
    public Properties kafkaProperties() {
        Properties properties = new Properties();
        properties.setProperty("bootstrap.servers", bootstrapServers());
        return properties;
    }

    public LocalStack stack() {
        return stack;
    }

    /** A Confluent schema reference: the type {@code name} is the schema registered as {@code subject} {@code version}. */
    public record SchemaReference(String name, String subject, int version) {
    }

    /**
     * Registers an Avro schema under {@code subject} straight through the registry's REST API, with
     * schema references, as tools other than StreamScore's client do (Confluent's Maven plugin,
     * producers with {@code use.latest.version}); returns its id.
     */
    public int registerSchema(String subject, String schema, List<SchemaReference> references) {
        String body = "{\"schema\":" + jsonString(schema) + ",\"references\":[" + references.stream()
                .map(r -> "{\"name\":" + jsonString(r.name()) + ",\"subject\":" + jsonString(r.subject())
                        + ",\"version\":" + r.version() + "}")
                .collect(Collectors.joining(",")) + "]}";
        HttpRequest request = HttpRequest.newBuilder(URI.create(registryUrl() + "/subjects/"
                        + URLEncoder.encode(subject, StandardCharsets.UTF_8) + "/versions"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            Matcher id = Pattern.compile("\"id\"\\s*:\\s*(\\d+)").matcher(response.body());
            if (response.statusCode() != 200 || !id.find()) {
                throw new IllegalStateException("Registering under " + subject + " failed: HTTP "
                        + response.statusCode() + " " + response.body());
            }
            return Integer.parseInt(id.group(1));
        } catch (IOException e) {
            throw new IllegalStateException("Registering under " + subject + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while registering under " + subject, e);
        }
    }

    private static String jsonString(String text) {
        StringBuilder json = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"').toString();
    }

    static String topicName(Class<?> testClass, String name, String runId) {
        String topic = kebabCase(testClass.getSimpleName()) + "-" + name + "-" + runId;
        // Validates the characters and length with Kafka's own rules.
        return TopicSpec.of(topic, 1).name();
    }

    /** {@code LocalStackIT} to {@code local-stack-it}, {@code HTTPServerTest} to {@code http-server-test}. */
    static String kebabCase(String camelCase) {
        return camelCase
                .replaceAll("([a-z0-9])([A-Z])", "$1-$2")
                .replaceAll("([A-Z]+)([A-Z][a-z])", "$1-$2")
                .toLowerCase(Locale.ROOT);
    }
}
