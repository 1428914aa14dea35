package dev.streamscore.cli;

import dev.streamscore.config.LocalStackDefaults;
import dev.streamscore.schemas.registry.SchemaRegistryClientConfig;
import dev.streamscore.schemas.serde.ConfluentAvroDeserializer;
import dev.streamscore.schemas.topics.StreamScoreTopics;
import dev.streamscore.schemas.topics.TopicDescriptor;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tail predictions|alerts|dlq|labels|metrics|labeled|lifecycle}: prints a topic's records as JSON
 * lines, decoded through the registry (any Confluent-wire-format Avro value), or, for the dead
 * letters, with their reason headers and the original bytes in base64.
 */
@Command(name = "tail", mixinStandardHelpOptions = true,
        description = "Print a StreamScore topic as JSON lines until Ctrl-C (or --max records).")
final class TailCommand implements Callable<Integer> {
    enum Stream {
        predictions(StreamScoreTopics.PREDICTIONS), alerts(StreamScoreTopics.ALERTS),
        dlq(StreamScoreTopics.FEATURE_EVENTS_DLQ), labels(StreamScoreTopics.LABELS),
        metrics(StreamScoreTopics.DRIFT_METRICS), labeled(StreamScoreTopics.LABELED_PREDICTIONS),
        lifecycle(StreamScoreTopics.MODEL_EVENTS);

        final String defaultTopic;

        Stream(TopicDescriptor<?> topic) {
            this.defaultTopic = topic.defaultName();
        }
    }

    @Parameters(index = "0", description = "What to show: ${COMPLETION-CANDIDATES}.")
    Stream stream;

    @Option(names = "--topic", description = "Topic name, when not the default for that stream.")
    String topic;

    @Option(names = "--bootstrap-servers", defaultValue = "${env:STREAMSCORE_BOOTSTRAP_SERVERS:-" + LocalStackDefaults.BOOTSTRAP_SERVERS + "}",
            description = "Kafka (default: ${DEFAULT-VALUE}).")
    String bootstrapServers;

    @Option(names = "--registry-url", defaultValue = "${env:STREAMSCORE_REGISTRY_URL:-" + LocalStackDefaults.REGISTRY_URL + "}",
            description = "Schema registry (default: ${DEFAULT-VALUE}).")
    String registryUrl;

    @Option(names = "--from-beginning", description = "Start at the earliest record instead of new ones.")
    boolean fromBeginning;

    @Option(names = "--max", description = "Stop after this many records.")
    Long max;

    @Option(names = "--property", description = "Kafka or registry client setting, e.g. security.protocol=SASL_SSL, "
            + "schema.registry.basic.auth.user.info=u:p (repeatable).")
    Map<String, String> properties = new HashMap<>();

    @Option(names = "--command-config", description = "A properties file of Kafka and registry client settings"
            + " (as Kafka's own tools take it): the place for secrets such as sasl.jaas.config, which on the"
            + " command line would show in the process list. --property settings win.")
    Path commandConfig;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        String name = topic != null ? topic : stream.defaultTopic;
        Map<String, String> settings = new HashMap<>();
        if (commandConfig != null) {
            Properties file = new Properties();
            try (Reader reader = Files.newBufferedReader(commandConfig)) {
                file.load(reader);
            }
            file.stringPropertyNames().forEach(key -> settings.put(key, file.getProperty(key)));
        }
        settings.putAll(properties);
        Properties props = new Properties();
        props.putAll(settings);
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "streamscore-tail-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, fromBeginning ? "earliest" : "latest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        Map<String, Object> registry = new HashMap<>(settings);
        registry.put(SchemaRegistryClientConfig.URL, registryUrl);
        AtomicBoolean running = new AtomicBoolean(true);
        Thread onCtrlC = new Thread(() -> running.set(false), "tail-stop");
        Runtime.getRuntime().addShutdownHook(onCtrlC);
        long printed = 0;
        try (ConfluentAvroDeserializer<Object> values = new ConfluentAvroDeserializer<>();
                KafkaConsumer<byte[], byte[]> consumer =
                        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            values.configure(registry, false);
            consumer.subscribe(List.of(name));
            while (running.get() && (max == null || printed < max)) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    out.println(stream == Stream.dlq ? deadLetterJson(record) : valueJson(record, values, name));
                    out.flush();
                    if (max != null && ++printed >= max) {
                        break;
                    }
                }
            }
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(onCtrlC);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook has run.
            }
        }
        return 0;
    }

    private static String valueJson(ConsumerRecord<byte[], byte[]> record, ConfluentAvroDeserializer<Object> values,
            String topic) {
        try {
            Object value = values.deserialize(topic, record.value());
            return value == null ? "null" : value.toString();
        } catch (RuntimeException e) {
            return "{\"undecodable\": " + quote(e.getMessage()) + ", \"partition\": " + record.partition()
                    + ", \"offset\": " + record.offset() + "}";
        }
    }

    static String deadLetterJson(ConsumerRecord<byte[], byte[]> record) {
        StringBuilder json = new StringBuilder("{");
        json.append("\"key\": ").append(record.key() == null ? "null" : quote(new String(record.key(), StandardCharsets.UTF_8)));
        for (Header header : record.headers()) {
            json.append(", ").append(quote(header.key())).append(": ")
                    .append(quote(new String(header.value(), StandardCharsets.UTF_8)));
        }
        json.append(", \"value_base64\": ")
                .append(record.value() == null ? "null" : quote(Base64.getEncoder().encodeToString(record.value())));
        return json.append("}").toString();
    }

    static String quote(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                default -> {
                    if (c < 0x20) {
                        quoted.append(String.format("\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }
}
