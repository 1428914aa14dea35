package dev.streamscore.drift.simulation;

import dev.streamscore.avro.ModelBaseline;
import dev.streamscore.avro.ModelRole;
import dev.streamscore.avro.Prediction;
import dev.streamscore.demo.Transaction;
import dev.streamscore.model.bundle.ModelBundle;
import dev.streamscore.model.card.ModelCard;
import dev.streamscore.model.card.ModelCards;
import dev.streamscore.model.card.OutputSpec;
import dev.streamscore.model.features.AvroFieldReader;
import dev.streamscore.model.features.FeatureVectorizer;
import dev.streamscore.model.features.FieldReader;
import dev.streamscore.model.tf.TfScorer;
import dev.streamscore.model.training.Trainer;
import dev.streamscore.model.training.TrainingProgress;
import dev.streamscore.model.training.TrainingSpec;
import dev.streamscore.simulator.SimulatorConfig;
import dev.streamscore.simulator.files.TrainingDataWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo fraud model trained on the simulator's own training file (as the demo does), and
 * scoring in-process exactly as the scoring job does: the card's {@link FeatureVectorizer} fills
 * the vector and reports the raw served values, the SavedModel scores a batch, and each
 * {@link Prediction} carries the served values as features, the card's event attributes
 * ({@code customer_segment}) and the decision at the card's threshold.
 *
 * <p>Trained once per JVM (a few seconds) and shared by every IT, like the one stack they share.
 */
public final class SimulatedModel {
    public static final String VERSION = "1";
    /** Independent of every live stream's seed: the model sees a sample of the same world, not the same events. */
    private static final long TRAINING_SEED = 7;
    /**
     * Enough for a holdout (a fifth) with about 40 labeled positives among business cards (a tenth of
     * the cards, 2.7 % fraud): fewer than min-group-size (30) and the card holds no reference recall
     * for the group, so bias creep in it could not be judged against validation.
     */
    private static final int TRAINING_ROWS = 80_000;
    private static final int EPOCHS = 6;
    private static final String FEATURE_TOPIC = "feature-events";
    private static final Logger LOG = LoggerFactory.getLogger(SimulatedModel.class);
    private static SimulatedModel shared;

    private final ModelBundle bundle;
    private final FeatureVectorizer vectorizer;

    private SimulatedModel(ModelBundle bundle) {
        this.bundle = bundle;
        this.vectorizer = bundle.vectorizer();
    }

    /** The model of this JVM, trained on first use into a temporary directory. */
    public static synchronized SimulatedModel shared() {
        if (shared == null) {
            shared = train();
        }
        return shared;
    }

    private static SimulatedModel train() {
        try {
            Path dir = Files.createTempDirectory("drift-simulated-model");
            dir.toFile().deleteOnExit();
            Path csv = dir.resolve("train.csv");
            long started = System.nanoTime();
            new TrainingDataWriter(SimulatorConfig.defaults().withSeed(TRAINING_SEED)).writeCsv(csv, TRAINING_ROWS);
            ModelBundle bundle = Trainer.train(TrainingSpec.demo(), csv, VERSION, 42, EPOCHS, dir.resolve("bundle"),
                    TrainingProgress.NONE);
            LOG.info("Trained {} on {} simulator rows in {} ms: holdout AUC {}, threshold {}, label rate {}",
                    bundle.card().key(), TRAINING_ROWS, (System.nanoTime() - started) / 1_000_000,
                    bundle.card().holdout().auc(), bundle.card().output().threshold(),
                    bundle.card().profile().labelRate());
            return new SimulatedModel(bundle);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The trained card, named {@code fraud}, version {@value #VERSION}. */
    public ModelCard card() {
        return bundle.card();
    }

    /**
     * The same trained model deployed under another name (one per drift scenario, so one drift-stream
     * instance monitors them side by side, as it would a team's models).
     */
    public ModelCard card(String name) {
        return bundle.card().withName(name);
    }

    /** The baseline of model {@code name} as the publish command writes it to model-baselines. */
    public ModelBaseline baseline(String name) {
        ModelCard card = card(name);
        return ModelBaseline.newBuilder()
                .setModelName(card.name())
                .setModelVersion(card.version())
                .setChecksum(bundle.checksum())
                .setCardJson(ModelCards.toJson(card))
                .setPublishedTime(Instant.now())
                .build();
    }

    /**
     * Scores {@code transactions} (in order) as the scoring job's champion would, as model {@code name}.
     */
    public List<Prediction> score(List<Transaction> transactions, String name) {
        int width = vectorizer.width();
        float[] features = new float[transactions.size() * width];
        List<Map<String, Object>> served = new ArrayList<>(transactions.size());
        for (int i = 0; i < transactions.size(); i++) {
            Map<String, Object> values = new HashMap<>();
            vectorizer.vectorize(new AvroFieldReader(transactions.get(i)), features, i * width, values);
            served.add(values);
        }
        float[] scores = new float[transactions.size()];
        try (TfScorer scorer = bundle.openScorer()) {
            scorer.score(features, transactions.size(), scores);
        }
        ModelCard card = card(name);
        OutputSpec output = card.output();
        Instant scoredTime = Instant.now();
        List<Prediction> predictions = new ArrayList<>(transactions.size());
        for (int i = 0; i < transactions.size(); i++) {
            Transaction t = transactions.get(i);
            predictions.add(Prediction.newBuilder()
                    .setEventId(t.getEventId())
                    .setEntityId(t.getCardId())
                    .setModelName(card.name())
                    .setModelVersion(card.version())
                    .setRole(ModelRole.CHAMPION)
                    .setScore(scores[i])
                    .setScores(List.of())
                    .setDecision(output.decide(scores[i]))
                    .setDecisionThreshold(output.threshold())
                    .setEventTime(t.getEventTime())
                    .setScoredTime(scoredTime)
                    .setFeatures(served.get(i))
                    .setAttributes(attributes(new AvroFieldReader(t)))
                    .setSourceTopic(FEATURE_TOPIC)
                    .setSourcePartition(0)
                    .setSourceOffset((long) i)
                    .build());
        }
        return predictions;
    }

    /** The card's pass-through event attributes, as the scoring job copies them. */
    private Map<String, String> attributes(FieldReader record) {
        Map<String, String> values = new HashMap<>();
        for (String field : bundle.card().event().attributes()) {
            if (record.has(field) && record.get(field) != null) {
                values.put(field, record.get(field).toString());
            }
        }
        return values;
    }
}
