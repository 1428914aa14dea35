package dev.streamscore.local.testing;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

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
