package dev.streamscore.model.bundle;

import dev.streamscore.model.card.ModelCard;
import dev.streamscore.model.card.ModelCards;
import dev.streamscore.model.features.FeatureVectorizer;
import dev.streamscore.model.tf.MlpWeights;
import dev.streamscore.model.tf.SavedModelExporter;
import dev.streamscore.model.tf.TfScorer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * One model version on disk: {@code saved_model/} (a TensorFlow SavedModel with a serving
 * signature) and {@code model.json} (the {@link ModelCard}). Loading checks that both are there
 * and that the card's feature spec is complete, so a broken bundle fails before it serves.
 */
public record ModelBundle(Path directory, ModelCard card) {
    public static final String CARD_FILE = "model.json";
    public static final String SAVED_MODEL_DIR = "saved_model";

    public static ModelBundle load(Path directory) {
        Path cardFile = directory.resolve(CARD_FILE);
        Path savedModel = directory.resolve(SAVED_MODEL_DIR);
        if (!Files.isRegularFile(cardFile)) {
            throw new IllegalArgumentException("Not a model bundle: " + cardFile + " is missing");
        }
        if (!Files.isRegularFile(savedModel.resolve("saved_model.pb"))) {
            throw new IllegalArgumentException("Not a model bundle: " + savedModel.resolve("saved_model.pb") + " is missing");
        }
        ModelCard card = ModelCards.read(cardFile);
        new FeatureVectorizer(card.features());
        return new ModelBundle(directory, card);
    }

    /** Writes a new bundle into {@code directory}, which must not exist or be empty. */
    public static ModelBundle write(Path directory, MlpWeights weights, ModelCard card) {
        try {
            if (Files.exists(directory)) {
                try (Stream<Path> entries = Files.list(directory)) {
                    if (entries.findAny().isPresent()) {
                        throw new IllegalArgumentException("Bundle directory " + directory + " is not empty: "
                                + "each model version gets its own directory");
                    }
                }
            }
            Files.createDirectories(directory);
            SavedModelExporter.export(weights, directory.resolve(SAVED_MODEL_DIR));
            ModelCards.write(card, directory.resolve(CARD_FILE));
            return new ModelBundle(directory, card);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write model bundle " + directory, e);
        }
    }

    /** The vectorizer of this version's feature spec. */
    public FeatureVectorizer vectorizer() {
        return new FeatureVectorizer(card.features());
    }

    /** Loads the SavedModel by the card's signature names; close the scorer when done. */
    public TfScorer openScorer() {
        TfScorer scorer = TfScorer.load(directory.resolve(SAVED_MODEL_DIR), card.output().signature(),
                card.output().input(), card.output().output());
        int expected = vectorizer().width();
        if (scorer.featureCount() != expected) {
            scorer.close();
            throw new IllegalArgumentException("Model " + card.key() + " takes " + scorer.featureCount()
                    + " features but its feature spec makes " + expected);
        }
        return scorer;
    }

    /** SHA-256 (hex) over the bundle's files, as the publish command records it in the ModelUpdate. */
    public String checksum() {
        return BundleChecksum.sha256(directory);
    }
}
