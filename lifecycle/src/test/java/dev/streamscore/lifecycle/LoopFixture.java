package dev.streamscore.lifecycle;

import dev.streamscore.avro.Label;
import dev.streamscore.avro.LabeledPrediction;
import dev.streamscore.avro.ModelRole;
import dev.streamscore.avro.Prediction;
import dev.streamscore.demo.Transaction;
import dev.streamscore.local.testing.TestStack;
import dev.streamscore.model.bundle.ModelBundle;
import dev.streamscore.model.card.ModelCard;
import dev.streamscore.model.features.AvroFieldReader;
import dev.streamscore.model.features.FeatureVectorizer;
import dev.streamscore.model.tf.TfScorer;
import dev.streamscore.model.training.Trainer;
import dev.streamscore.model.training.TrainingProgress;
import dev.streamscore.model.training.TrainingSpec;
import dev.streamscore.schemas.registry.SchemaRegistryClient;
import dev.streamscore.schemas.registry.SchemaRegistryClientConfig;
import dev.streamscore.schemas.registry.SchemaRegistryClients;
import dev.streamscore.schemas.serde.ConfluentAvroDeserializer;
import dev.streamscore.schemas.serde.ConfluentAvroSerializer;
import dev.streamscore.scoring.publish.ModelPublisher;
import dev.streamscore.simulator.Scenario;
import dev.streamscore.simulator.ScenarioSchedule;
import dev.streamscore.simulator.SimulatedTransaction;
import dev.streamscore.simulator.SimulatorConfig;
import dev.streamscore.simulator.TransactionGenerator;
import dev.streamscore.simulator.files.TrainingDataWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A model's world for the lifecycle's tests, on a real broker and registry: a champion trained by
 * the real trainer on the simulator's stationary world, its own topics, and the champion's labeled
 * pairs as drift-stream writes them (the champion's real scores and served values through the
 * scorer's own vectorizer, each with its label).
 */
final class LoopFixture {
    static final int PAIRS = 12_000;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static ModelBundle champion;
    private static Path championData;

    final TestStack stack;
    final Path dir;
    final String labeled;
    final String baselines;
    final String updates;
    final String events;
    final String alerts;
    final String metrics;

    LoopFixture(TestStack stack, Path dir, String name) {
        this.stack = stack;
        this.dir = dir;
        labeled = stack.createTopic(name + "-labeled-predictions", 2);
        baselines = stack.createTopic(name + "-model-baselines", 1);
        updates = stack.createTopic(name + "-model-updates", 1);
        events = stack.createTopic(name + "-model-events", 1);
        alerts = stack.createTopic(name + "-alerts", 1);
        metrics = stack.createTopic(name + "-drift-metrics", 2);
    }

    /**
     * The champion, trained once per JVM on 20,000 stationary simulator rows, in a directory of its
     * own (test classes' temporary directories are deleted after each class).
     */
    static synchronized ModelBundle champion() {
        if (champion == null) {
            try {
                Path dir = Files.createTempDirectory("lifecycle-champion");
                dir.toFile().deleteOnExit();
                Path csv = dir.resolve("stationary.csv");
                championData = csv;
                new TrainingDataWriter(SimulatorConfig.defaults().withSeed(7)).writeCsv(csv, 20_000);
                champion = Trainer.train(TrainingSpec.demo(), csv, "1", 42, 4, dir.resolve("fraud-1"),
                        TrainingProgress.NONE);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return champion;
    }

    /** The CSV the champion was trained on. */
    static synchronized Path championData() {
        champion();
        return championData;
    }

    String model() {
        return champion().card().name();
    }

    void publishChampion() {
        ModelPublisher.publish(champion(), ModelRole.CHAMPION, 1.0, false, null, "lifecycle test",
                stack.kafkaProperties(), registry(), updates, baselines);
    }

    /** The flags of retrain (and, without --model, lifecycle) for these topics. */
    List<String> flags() {
        return List.of("--bootstrap-servers", stack.bootstrapServers(), "--registry-url", stack.registryUrl(),
                "--labeled-predictions-topic", labeled, "--model-baselines-topic", baselines,
                "--model-updates-topic", updates, "--model-events-topic", events,
                "--out-dir", dir.resolve("models-" + labeled).toString());
    }

    /**
     * The champion's labeled pairs of {@value #PAIRS} simulated transactions of {@code scenario},
     * each with its true label, or with the labels shuffled among the pairs.
     */
    List<LabeledPrediction> pairs(Scenario scenario, boolean shuffleLabels) {
        ModelBundle bundle = champion();
        TransactionGenerator generator = new TransactionGenerator(SimulatorConfig.defaults().withSeed(99)
                .withStartTime(Instant.now().minus(Duration.ofHours(1))).withEventsPerSecond(5)
                .withSchedule(ScenarioSchedule.of(scenario)));
        List<SimulatedTransaction> txs = new ArrayList<>();
        for (int i = 0; i < PAIRS; i++) {
            txs.add(generator.next());
        }
        List<Double> labels = new ArrayList<>(txs.stream().map(SimulatedTransaction::label).toList());
        if (shuffleLabels) {
            Collections.shuffle(labels, new Random(5));
        }
        ModelCard card = bundle.card();
        FeatureVectorizer vectorizer = bundle.vectorizer();
        int width = vectorizer.width();
        float[] x = new float[PAIRS * width];
        List<Map<String, Object>> served = new ArrayList<>();
        for (int i = 0; i < PAIRS; i++) {
            Map<String, Object> values = new HashMap<>();
            vectorizer.vectorize(new AvroFieldReader(txs.get(i).transaction()), x, i * width, values);
            served.add(values);
        }
        float[] scores = new float[PAIRS];
        try (TfScorer scorer = bundle.openScorer()) {
            scorer.score(x, PAIRS, scores);
        }
        List<LabeledPrediction> pairs = new ArrayList<>();
        for (int i = 0; i < PAIRS; i++) {
            Transaction t = txs.get(i).transaction();
            Map<String, String> attributes = new HashMap<>();
            AvroFieldReader fields = new AvroFieldReader(t);
            for (String field : card.event().attributes()) {
                if (fields.has(field) && fields.get(field) != null) {
                    attributes.put(field, fields.get(field).toString());
                }
            }
            Prediction p = Prediction.newBuilder().setEventId(t.getEventId()).setEntityId(t.getCardId())
                    .setModelName(card.name()).setModelVersion(card.version()).setRole(ModelRole.CHAMPION)
                    .setScore(scores[i]).setDecision(card.output().decide(scores[i]))
                    .setDecisionThreshold(card.output().threshold()).setEventTime(t.getEventTime())
                    .setScoredTime(t.getEventTime()).setFeatures(served.get(i)).setAttributes(attributes).build();
            Label l = Label.newBuilder().setEventId(t.getEventId()).setLabel(labels.get(i))
                    .setLabelTime(t.getEventTime().plusSeconds(60)).setSource("simulator").build();
            pairs.add(LabeledPrediction.newBuilder().setEventId(t.getEventId()).setPrediction(p).setLabel(l)
                    .setLabelDelayMs(60_000).setCorrect(null).setJoinedTime(Instant.now()).build());
        }
        return pairs;
    }

    /** Writes {@code records} to {@code topic} with the Confluent wire format, keyed by {@code key}. */
    <T> void produce(String topic, List<T> records, java.util.function.Function<T, String> key) {
        try (KafkaProducer<String, Object> producer = new KafkaProducer<>(stack.kafkaProperties(), new StringSerializer(),
                new ConfluentAvroSerializer<>(registry()))) {
            for (T r : records) {
                producer.send(new ProducerRecord<>(topic, key.apply(r), r));
            }
            producer.flush();
        }
    }

    <T> List<T> read(String topic, Class<T> type) {
        List<T> out = new ArrayList<>();
        Properties props = stack.kafkaProperties();
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<String, T> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ConfluentAvroDeserializer<>(registry(), type))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, T> r : consumer.poll(Duration.ofMillis(200))) {
                    out.add(r.value());
                }
            }
        }
        return out;
    }

    /** How many records {@code topic} holds. */
    long count(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(stack.kafkaProperties(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
            return consumer.endOffsets(partitions).entrySet().stream()
                    .mapToLong(e -> e.getValue() - begin.get(e.getKey())).sum();
        }
    }

    SchemaRegistryClient registry() {
        return SchemaRegistryClients.create(Map.of(SchemaRegistryClientConfig.URL, stack.registryUrl()));
    }
}
