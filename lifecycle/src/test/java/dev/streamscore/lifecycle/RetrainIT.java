package dev.streamscore.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamscore.avro.Label;
import dev.streamscore.avro.LabeledPrediction;
import dev.streamscore.avro.ModelBaseline;
import dev.streamscore.avro.ModelEvent;
import dev.streamscore.avro.ModelRole;
import dev.streamscore.avro.ModelUpdate;
import dev.streamscore.avro.Prediction;
import dev.streamscore.demo.Transaction;
import dev.streamscore.local.testing.LocalStackExtension;
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
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code streamscore retrain} against a real Kafka broker and schema registry: a champion trained
 * on the simulator's stationary world and published as {@code streamscore publish} does; labeled
 * pairs of a world it no longer fits (concept drift) on {@code labeled-predictions}, as drift-stream
 * writes them, with the champion's real scores and served feature values. The retrained candidate
 * must pass the gate and be published as a shadow; one retrained on shuffled labels must fail it and
 * never be published. Each step must be on {@code model-events}.
 */
@ExtendWith(LocalStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RetrainIT {
    private static final int PAIRS = 12_000;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    static Path dir;

    private ModelBundle champion;
    private String labeled;
    private String baselines;
    private String updates;
    private String events;

    @BeforeAll
    void trainChampion() throws Exception {
        Path csv = dir.resolve("stationary.csv");
        new TrainingDataWriter(SimulatorConfig.defaults().withSeed(7)).writeCsv(csv, 20_000);
        champion = Trainer.train(TrainingSpec.demo(), csv, "1", 42, 4, dir.resolve("fraud-1"), TrainingProgress.NONE);
    }

    /** Each test's own topics, as a fresh deployment has them. */
    private void createTopics(TestStack stack, String test) {
        labeled = stack.createTopic(test + "-labeled-predictions", 2);
        baselines = stack.createTopic(test + "-model-baselines", 1);
        updates = stack.createTopic(test + "-model-updates", 1);
        events = stack.createTopic(test + "-model-events", 1);
    }

    @Test
    void aChampionThatNoLongerFitsIsRetrainedGatedAndTheCandidatePublishedAsAShadow(TestStack stack) throws Exception {
        String model = champion.card().name();
        createTopics(stack, "drift");
        publishChampion(stack);
        produce(stack, pairs(model, Scenario.CONCEPT_DRIFT, false));

        int status = RetrainMain.run(args(stack, model), Map.of());

        assertThat(status).as("exit status (0: passed)").isZero();
        List<ModelEvent> steps = read(stack, events, ModelEvent.class).stream().filter(e -> e.getModelName().equals(model))
                .toList();
        assertThat(steps).extracting(ModelEvent::getStep).containsExactly("gate_passed", "published_shadow");
        ModelEvent gate = steps.get(0);
        assertThat(gate.getCandidateVersion()).isEqualTo("2");
        assertThat(gate.getChampionVersion()).isEqualTo("1");
        assertThat(gate.getReasons()).isEmpty();
        Map<String, Double> f = gate.getFigures();
        assertThat(f.get("gate_examples")).isEqualTo(PAIRS * 0.2);
        assertThat(f.get("training_examples")).isEqualTo(PAIRS * 0.8);
        assertThat(f.get("candidate_auc")).as("the candidate, on the new world").isGreaterThan(f.get("champion_auc") + 0.05);

        ModelUpdate shadow = read(stack, updates, ModelUpdate.class).stream()
                .filter(u -> u.getModelName().equals(model) && u.getRole() == ModelRole.SHADOW).findFirst().orElseThrow();
        assertThat(shadow.getModelVersion()).isEqualTo("2");
        ModelBundle candidate = ModelBundle.load(Path.of(java.net.URI.create(shadow.getLocation())));
        assertThat(shadow.getChecksum()).isEqualTo(candidate.checksum());
        assertThat(candidate.card().features()).extracting(f2 -> f2.source())
                .as("the candidate reads live events as the champion does")
                .containsExactlyElementsOf(champion.card().features().stream().map(f2 -> f2.source()).toList());
        assertThat(read(stack, baselines, ModelBaseline.class)).anyMatch(b -> b.getModelName().equals(model)
                && b.getModelVersion().equals("2"));
    }

    @Test
    void aCandidateTrainedOnShuffledLabelsFailsTheGateAndIsNeverPublished(TestStack stack) throws Exception {
        String model = champion.card().name();
        createTopics(stack, "shuffled");
        publishChampion(stack);
        produce(stack, pairs(model, Scenario.STATIONARY, true));

        int status = RetrainMain.run(args(stack, model), Map.of());

        assertThat(status).as("exit status (2: gate failed)").isEqualTo(2);
        List<ModelEvent> steps = read(stack, events, ModelEvent.class).stream().filter(e -> e.getModelName().equals(model))
                .toList();
        assertThat(steps).extracting(ModelEvent::getStep).containsExactly("gate_failed");
        assertThat(steps.get(0).getReasons()).anyMatch(r -> r.contains("(min-auc)"));
        assertThat(steps.get(0).getFigures().get("candidate_auc")).isBetween(0.35, 0.6);
        assertThat(read(stack, updates, ModelUpdate.class)).as("model-updates of %s", model)
                .filteredOn(u -> u.getModelName().equals(model)).extracting(ModelUpdate::getRole)
                .containsExactly(ModelRole.CHAMPION);
    }

    private String[] args(TestStack stack, String model) {
        return new String[] {"--model", model, "--bootstrap-servers", stack.bootstrapServers(),
            "--registry-url", stack.registryUrl(), "--labeled-predictions-topic", labeled,
            "--model-baselines-topic", baselines, "--model-updates-topic", updates, "--model-events-topic", events,
            "--out-dir", dir.resolve("models-" + labeled).toString()};
    }

    private void publishChampion(TestStack stack) {
        ModelPublisher.publish(champion, ModelRole.CHAMPION, 1.0, false, null, "RetrainIT", stack.kafkaProperties(),
                registry(stack), updates, baselines);
    }

    /**
     * The champion's labeled pairs of {@value #PAIRS} simulated transactions of {@code scenario}: its
     * real scores and served values, as the scoring job writes them, each with its true label (or
     * with the labels shuffled among the pairs).
     */
    private List<LabeledPrediction> pairs(String model, Scenario scenario, boolean shuffleLabels) {
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
        ModelCard card = champion.card();
        FeatureVectorizer vectorizer = champion.vectorizer();
        int width = vectorizer.width();
        float[] x = new float[PAIRS * width];
        List<Map<String, Object>> served = new ArrayList<>();
        for (int i = 0; i < PAIRS; i++) {
            Map<String, Object> values = new HashMap<>();
            vectorizer.vectorize(new AvroFieldReader(txs.get(i).transaction()), x, i * width, values);
            served.add(values);
        }
        float[] scores = new float[PAIRS];
        try (TfScorer scorer = champion.openScorer()) {
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
                    .setModelName(model).setModelVersion(card.version()).setRole(ModelRole.CHAMPION).setScore(scores[i])
                    .setDecision(card.output().decide(scores[i])).setDecisionThreshold(card.output().threshold())
                    .setEventTime(t.getEventTime()).setScoredTime(t.getEventTime()).setFeatures(served.get(i))
                    .setAttributes(attributes).build();
            Label l = Label.newBuilder().setEventId(t.getEventId()).setLabel(labels.get(i))
                    .setLabelTime(t.getEventTime().plusSeconds(60)).setSource("simulator").build();
            pairs.add(LabeledPrediction.newBuilder().setEventId(t.getEventId()).setPrediction(p).setLabel(l)
                    .setLabelDelayMs(60_000).setCorrect(null).setJoinedTime(Instant.now()).build());
        }
        return pairs;
    }

    private void produce(TestStack stack, List<LabeledPrediction> pairs) throws Exception {
        try (KafkaProducer<String, Object> producer = new KafkaProducer<>(stack.kafkaProperties(), new StringSerializer(),
                new ConfluentAvroSerializer<>(registry(stack)))) {
            for (LabeledPrediction p : pairs) {
                producer.send(new ProducerRecord<>(labeled, p.getEventId(), p));
            }
            producer.flush();
        }
    }

    private <T> List<T> read(TestStack stack, String topic, Class<T> type) {
        List<T> out = new ArrayList<>();
        try (KafkaConsumer<String, T> consumer = new KafkaConsumer<>(consumerProperties(stack), new StringDeserializer(),
                new ConfluentAvroDeserializer<>(registry(stack), type))) {
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

    private static java.util.Properties consumerProperties(TestStack stack) {
        java.util.Properties props = stack.kafkaProperties();
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return props;
    }

    private static SchemaRegistryClient registry(TestStack stack) {
        return SchemaRegistryClients.create(Map.of(SchemaRegistryClientConfig.URL, stack.registryUrl()));
    }
}
