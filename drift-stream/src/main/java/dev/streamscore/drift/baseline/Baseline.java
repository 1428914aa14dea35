package dev.streamscore.drift.baseline;

import dev.streamscore.model.card.FeatureProfile;
import dev.streamscore.model.card.ModelCard;
import dev.streamscore.model.card.TrainingProfile;
import java.util.Map;
import java.util.Objects;

/**
 * A model version's parsed baseline: its card (feature spec, output threshold, holdout metrics)
 * and training profile, identified by the bundle checksum and publish time it came with.
 */
public record Baseline(String modelKey, String checksum, long publishedTime, ModelCard card) {
    public Baseline {
        Objects.requireNonNull(modelKey, "modelKey");
        Objects.requireNonNull(card, "card");
    }

    /** The training profile; an empty one when the card has none. */
    public TrainingProfile profile() {
        return card.profile() != null ? card.profile() : new TrainingProfile(0, Double.NaN, Map.of(), null);
    }

    /** The profile of a feature, or null. */
    public FeatureProfile feature(String name) {
        return profile().features().get(name);
    }

    /** The decision threshold of the card's output spec. */
    public double threshold() {
        return card.output().threshold();
    }
}
