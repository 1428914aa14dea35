package dev.streamscore.scoring.model;

import dev.streamscore.avro.ModelRole;
import dev.streamscore.avro.ModelUpdate;
import dev.streamscore.model.bundle.ModelBundle;
import dev.streamscore.model.card.ModelCard;
import dev.streamscore.model.features.FeatureVectorizer;
import dev.streamscore.model.tf.TfScorer;

/**
 * A model version loaded and verified for one role: its bundle, the vectorizer of its feature
 * spec, and its open TensorFlow scorer. Owned by one scoring task; {@link #close()} frees the
 * native model.
 */
public final class ServingModel implements AutoCloseable {
    private final ModelUpdate update;
    private final ModelBundle bundle;
    private final FeatureVectorizer vectorizer;
    private final TfScorer scorer;

    ServingModel(ModelUpdate update, ModelBundle bundle, FeatureVectorizer vectorizer, TfScorer scorer) {
        this.update = update;
        this.bundle = bundle;
        this.vectorizer = vectorizer;
        this.scorer = scorer;
    }

    public ModelUpdate update() {
        return update;
    }

    /**
     * The same loaded model under a newer update of the same version (a new traffic share): shares
     * the native model, so only one of the two may be closed.
     */
    ServingModel withUpdate(ModelUpdate newer) {
        return new ServingModel(newer, bundle, vectorizer, scorer);
    }

    public ModelRole role() {
        return update.getRole();
    }

    public ModelCard card() {
        return bundle.card();
    }

    public FeatureVectorizer vectorizer() {
        return vectorizer;
    }

    public TfScorer scorer() {
        return scorer;
    }

    /** name@version/ROLE, for logs and dead-letter headers. */
    public String describe() {
        return card().key() + "/" + role();
    }

    @Override
    public void close() {
        scorer.close();
    }
}
