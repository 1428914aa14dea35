package dev.streamscore.drift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamscore.avro.Alert;
import dev.streamscore.avro.AlertState;
import dev.streamscore.avro.Label;
import dev.streamscore.avro.MonitorMetric;
import dev.streamscore.avro.Prediction;
import dev.streamscore.avro.Severity;
import dev.streamscore.drift.DriftFixtures.World;
import dev.streamscore.local.testing.LocalStackExtension;
import dev.streamscore.local.testing.TestStack;
import dev.streamscore.schemas.registry.SchemaRegistryClientConfig;
import dev.streamscore.schemas.serde.ConfluentAvroDeserializer;
import dev.streamscore.schemas.serde.ConfluentAvroSerializer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real {@link DriftApp} against a real Kafka broker and a real schema registry: a baseline is
 * published, predictions (one stationary window, then two with the amount feature shifted) and
 * their labels are produced with the Confluent serializers, and drift metrics, a PSI alert for the
 * shifted feature and a dead letter for an undecodable record must come out.
 */
@ExtendWith(LocalStackExtension.class)
class DriftAppIT {
    /** Recent, or the broker's retention deletes the records before the app reads them (see ItKafka). */
    private static final long T0 = ItKafka.recentStart().toEpochMilli();
    private static final long WINDOW = 10_000;
    private static final int PER_WINDOW = 300;
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final Logger LOG = LoggerFactory.getLogger(DriftAppIT.class);

    @TempDir
    Path stateDir;

    @Test
    void publishesDriftMetricsAndAnAlertForAShiftedFeature(TestStack stack) throws Exception {
        String predictions = stack.createTopic("predictions", 2);
        String labels = stack.createTopic("labels", 1);
        String baselines = stack.createTopic("model-baselines", 1);
        String labeled = stack.createTopic("labeled-predictions", 1);
        String metrics = stack.createTopic("drift-metrics", 1);
        String alerts = stack.createTopic("alerts", 1);
        String deadLetters = stack.createTopic("drift-dlq", 1);
        DriftConfig config = DriftConfig.from(new String[] {
            "--application-id", stack.topic("app"), "--bootstrap-servers", stack.bootstrapServers(),
            "--registry-url", stack.registryUrl(), "--state-dir", stateDir.toString(),
            "--predictions-topic", predictions, "--labels-topic", labels, "--model-baselines-topic", baselines,
            "--labeled-predictions-topic", labeled, "--drift-metrics-topic", metrics, "--alerts-topic", alerts,
            "--dlq-topic", deadLetters,
            "--window-size", "10s", "--max-label-delay", "30s", "--http-port", "0",
            "--kafka.commit.interval.ms", "100"}, Map.of());

        try (KafkaProducer<String, Object> producer = new KafkaProducer<>(producerProps(stack))) {
            producer.send(new ProducerRecord<>(baselines, DriftFixtures.MODEL_KEY, DriftFixtures.modelBaseline())).get();
            for (int w = 0; w < 3; w++) {
                World world = w == 0 ? World.STATIONARY : World.AMOUNT_SHIFT;
                for (int i = 0; i < PER_WINDOW; i++) {
                    Prediction p = DriftFixtures.prediction(world, w * 100_000L + i, T0 + w * WINDOW + i * 30L);
                    producer.send(new ProducerRecord<>(predictions, p.getEntityId(), p));
                    Label l = DriftFixtures.label(p, p.getEventTime().toEpochMilli() + 5_000);
                    producer.send(new ProducerRecord<>(labels, l.getEventId(), l));
                }
            }
            producer.flush();
        }
        try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(stack.kafkaProperties(), new StringSerializer(),
                new ByteArraySerializer())) {
            raw.send(new ProducerRecord<>(predictions, "card-x", "not avro".getBytes(StandardCharsets.UTF_8))).get();
        }

        long started = System.nanoTime();
        try (DriftApp app = DriftApp.start(config)) {
            awaitRunning(app);
            assertThat(health(app.httpPort())).isEqualTo(200);

            assertThat(consume(stack, labeled, new StringDeserializer(), 3 * PER_WINDOW, r -> false)).hasSize(3 * PER_WINDOW);
            // Every input partition read past the windows closes them.
            Prediction tick = DriftFixtures.prediction(World.STATIONARY, 999_999, T0 + 600_000);
            ItKafka.sendInTimeOrder(stack, ItKafka.ticks(predictions, 2, labels, 1, tick, T0 + 600_000));

            List<ConsumerRecord<String, Object>> alertRecords = consume(stack, alerts, avro(stack), Integer.MAX_VALUE,
                    r -> isPsiAlertForAmount((Alert) r.value()));
            Alert psi = alertRecords.stream().map(r -> (Alert) r.value()).filter(DriftAppIT::isPsiAlertForAmount)
                    .findFirst().orElseThrow(() -> new AssertionError("no PSI alert for amount: " + alertRecords));
            assertThat(psi.getState()).isEqualTo(AlertState.FIRING);
            assertThat(psi.getSeverity()).isEqualTo(Severity.CRITICAL);
            assertThat(psi.getWindowStart()).isEqualTo(Instant.ofEpochMilli(T0 + 2 * WINDOW));
            assertThat(psi.getMessage()).startsWith("PSI of amount is ").contains("for fraud@3 in window");
            assertThat(alertRecords.get(0).key()).isEqualTo(DriftFixtures.MODEL_KEY);

            List<MonitorMetric> values = consume(stack, metrics, avro(stack), Integer.MAX_VALUE,
                    r -> ((MonitorMetric) r.value()).getKind().equals("performance"))
                    .stream().map(r -> (MonitorMetric) r.value()).toList();
            assertThat(psiOfAmount(values, 0)).isLessThan(0.1);
            assertThat(psiOfAmount(values, 1)).isGreaterThan(0.25);
            assertThat(psiOfAmount(values, 2)).isGreaterThan(0.25);
            assertThat(values).anySatisfy(m -> {
                assertThat(m.getMetric()).isEqualTo("auc");
                assertThat(m.getSampleSize()).isEqualTo(PER_WINDOW);
            });

            List<ConsumerRecord<String, Object>> dead = consume(stack, deadLetters, new ByteArrayDeserializer(), 1, r -> false);
            assertThat(dead).singleElement().satisfies(r -> {
                assertThat(new String((byte[]) r.value(), StandardCharsets.UTF_8)).isEqualTo("not avro");
                assertThat(header(r, "__streams.errors.topic")).isEqualTo(predictions);
                assertThat(header(r, "__streams.errors.message")).contains("magic byte");
            });
        }
        LOG.info("Metrics, alert and dead letter arrived {} s after the app started",
                Duration.ofNanos(System.nanoTime() - started).toSeconds());
        deleteStateDir();
    }

    private static boolean isPsiAlertForAmount(Alert a) {
        return a.getMetric().equals("psi") && "amount".equals(a.getFeature());
    }

    private static double psiOfAmount(List<MonitorMetric> values, int window) {
        return values.stream().filter(m -> m.getMetric().equals("psi") && "amount".equals(m.getFeature())
                && m.getWindowStart().toEpochMilli() == T0 + window * WINDOW).findFirst()
                .orElseThrow(() -> new AssertionError("no PSI of amount for window " + window)).getValue();
    }

    private static void awaitRunning(DriftApp app) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (app.state() != KafkaStreams.State.RUNNING && System.nanoTime() < deadline) {
            assertThat(app.state()).isNotIn(KafkaStreams.State.ERROR, KafkaStreams.State.NOT_RUNNING);
            Thread.sleep(100);
        }
        assertThat(app.state()).isEqualTo(KafkaStreams.State.RUNNING);
    }

    private static int health(int port) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static Properties producerProps(TestStack stack) {
        Properties props = stack.kafkaProperties();
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ConfluentAvroSerializer.class.getName());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(SchemaRegistryClientConfig.URL, stack.registryUrl());
        return props;
    }

    private static ConfluentAvroDeserializer<Object> avro(TestStack stack) {
        ConfluentAvroDeserializer<Object> deserializer = new ConfluentAvroDeserializer<>();
        deserializer.configure(Map.of(SchemaRegistryClientConfig.URL, stack.registryUrl(), "specific.avro.reader", "true"),
                false);
        return deserializer;
    }

    /** Reads from the start until {@code expected} records or one matching {@code done} arrived, or the timeout. */
    @SuppressWarnings("unchecked")
    private static List<ConsumerRecord<String, Object>> consume(TestStack stack, String topic,
            Deserializer<?> values, int expected,
            Predicate<ConsumerRecord<String, Object>> done) {
        Properties props = stack.kafkaProperties();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + System.nanoTime());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, Object>> records = new ArrayList<>();
        try (KafkaConsumer<String, Object> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                (Deserializer<Object>) values)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (records.size() < expected && System.nanoTime() < deadline
                    && records.stream().noneMatch(done)) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    private static String header(ConsumerRecord<String, Object> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private void deleteStateDir() throws Exception {
        if (Files.exists(stateDir)) {
            try (Stream<Path> paths = Files.walk(stateDir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
