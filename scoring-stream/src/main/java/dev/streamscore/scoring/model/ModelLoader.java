package dev.streamscore.scoring.model;

import dev.streamscore.avro.ModelUpdate;
import dev.streamscore.model.bundle.ModelBundle;
import dev.streamscore.model.features.FeatureVectorizer;
import dev.streamscore.model.tf.TfScorer;
import java.nio.file.Path;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a {@link ModelUpdate} into a {@link ServingModel}, refusing anything unsafe to serve: the
 * bundle must be where the update says (see {@link BundleFetcher}), its SHA-256 must match
 * the update's checksum, its card must name the same model and version, and a smoke batch must
 * score to finite probabilities. Every refusal is a {@link ModelLoadException} that says why.
 */
public final class ModelLoader implements ModelSlots.Loader {
    private static final Logger LOG = LoggerFactory.getLogger(ModelLoader.class);
    private final BundleFetcher fetcher;

    /** @param fetcher makes an update's bundle a local directory (a shared path, or a zip it unpacks) */
    public ModelLoader(BundleFetcher fetcher) {
        this.fetcher = fetcher;
    }

    /**
     * Fetches, verifies and opens the bundle of {@code update}. Whether the update may be served at
     * all (signature, order) is {@link ModelSlots}'s decision, taken before this is called.
     */
    @Override
    public ServingModel load(ModelUpdate update) throws ModelLoadException {
        String what = update.getModelName() + "@" + update.getModelVersion() + " (" + update.getRole() + ")";
        long started = System.nanoTime();
        Path directory = fetcher.fetch(update.getLocation(), update.getChecksum().trim().toLowerCase(Locale.ROOT), what);
        ModelBundle bundle;
        try {
            bundle = ModelBundle.load(directory);
        } catch (RuntimeException e) {
            throw new ModelLoadException("Model " + what + ": invalid bundle at " + directory + ": " + e.getMessage(), e);
        }
        String checksum = bundle.checksum();
        if (!checksum.equalsIgnoreCase(update.getChecksum().trim())) {
            throw new ModelLoadException("Model " + what + ": checksum mismatch: the update says " + update.getChecksum()
                    + " but the bundle at " + directory + " is " + checksum + " (changed or partly copied?)");
        }
        if (!bundle.card().name().equals(update.getModelName()) || !bundle.card().version().equals(update.getModelVersion())) {
            throw new ModelLoadException("Model " + what + ": the bundle at " + directory + " is " + bundle.card().key());
        }
        FeatureVectorizer vectorizer = bundle.vectorizer();
        TfScorer scorer;
        try {
            scorer = bundle.openScorer();
        } catch (RuntimeException e) {
            throw new ModelLoadException("Model " + what + ": TensorFlow cannot load " + directory + ": " + e.getMessage(), e);
        }
        try {
            smokeTest(scorer, vectorizer.width(), what);
        } catch (ModelLoadException | RuntimeException e) {
            scorer.close();
            throw e instanceof ModelLoadException m ? m
                    : new ModelLoadException("Model " + what + ": smoke batch failed: " + e.getMessage(), e);
        }
        LOG.info("Loaded model {} from {} in {} ms", what, directory, (System.nanoTime() - started) / 1_000_000);
        return new ServingModel(update, bundle, vectorizer, scorer);
    }

    /** Scores a few fixed vectors; every score must be a probability. */
    private static void smokeTest(TfScorer scorer, int width, String what) throws ModelLoadException {
        int rows = 4;
        float[] batch = new float[rows * width];
        for (int i = 0; i < batch.length; i++) {
            batch[i] = (i % 7) * 0.25f - 0.5f;
        }
        float[] scores = new float[rows];
        scorer.score(batch, rows, scores);
        for (float score : scores) {
            if (!(score >= 0f && score <= 1f)) {
                throw new ModelLoadException("Model " + what + ": smoke batch scored " + score + ", not a probability");
            }
        }
    }
}
