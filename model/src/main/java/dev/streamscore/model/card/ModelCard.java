package dev.streamscore.model.card;

import dev.streamscore.model.features.FeatureSpec;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A model version's card, {@code model.json} in its bundle: identity, how to read events (feature
 * spec, event fields), what it outputs, how good it was on holdout data, how it was trained, and
 * the training profile drift monitoring compares live traffic with, the holdout's figures per
 * group that bias monitoring compares live groups with, and the score calibration performance is
 * estimated with before labels arrive (null in cards written before these existed).
 */
public record ModelCard(
        int formatVersion,
        String name,
        String version,
        String description,
        String createdAt,
        EventSpec event,
        List<FeatureSpec> features,
        OutputSpec output,
        BinaryMetrics holdout,
        TrainingInfo training,
        TrainingProfile profile,
        Fairness fairness,
        Calibration calibration) {

    public static final int FORMAT_VERSION = 1;

    public ModelCard {
        requireText(name, "name");
        requireText(version, "version");
        Objects.requireNonNull(features, "model card: features");
        Objects.requireNonNull(output, "model card: output");
        features = List.copyOf(features);
        if (event == null) {
            event = new EventSpec(null, null, List.of());
        }
        if (name.contains("@") || version.contains("@")) {
            throw new IllegalArgumentException("model card: name and version must not contain '@' (keys are name@version)");
        }
    }

    /** The same card under another model name (every other field kept). */
    public ModelCard withName(String newName) {
        return new ModelCard(formatVersion, newName, version, description, createdAt, event, features, output, holdout,
                training, profile, fairness, calibration);
    }

    /** The holdout's group figures; empty when the card has none. */
    public Fairness fairnessOrEmpty() {
        return fairness != null ? fairness : new Fairness(Fairness.MIN_GROUP_SIZE, Map.of());
    }

    /** {@code name@version}, the key of the model's metrics, alerts and baseline. */
    public String key() {
        return name + "@" + version;
    }

    private static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("model card: " + field + " is required");
        }
    }
}
