package dev.streamscore.model.training;

import dev.streamscore.model.card.EventSpec;
import dev.streamscore.model.card.ModelCards;
import dev.streamscore.model.features.FeatureSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What to train, as a user writes it (JSON, snake_case): the model's name, the label field, how
 * to read events, the features (unfitted: the trainer fits means, vocabularies and impute values),
 * the decision classes and threshold (null: the threshold that maximizes F1 on training data), and
 * the network.
 */
public record TrainingSpec(
        String name,
        String description,
        String labelField,
        EventSpec event,
        List<FeatureSpec> features,
        String positiveClass,
        String negativeClass,
        Double threshold,
        List<Integer> hiddenUnits,
        Float learningRate,
        Integer epochs,
        Integer batchSize,
        Double holdoutShare) {

    public static final String DEMO_RESOURCE = "/dev/streamscore/model/fraud-training-spec.json";

    public TrainingSpec {
        Objects.requireNonNull(name, "training spec: name");
        Objects.requireNonNull(labelField, "training spec: label_field");
        if (features == null || features.isEmpty()) {
            throw new IllegalArgumentException("training spec: features must list at least one feature");
        }
        features = List.copyOf(features);
        positiveClass = positiveClass == null ? "positive" : positiveClass;
        negativeClass = negativeClass == null ? "negative" : negativeClass;
    }

    /** The network settings, this spec's where set, else the defaults. */
    public MlpConfig mlp(long seed) {
        MlpConfig d = MlpConfig.defaults(seed);
        return new MlpConfig(
                hiddenUnits != null ? hiddenUnits : d.hiddenUnits(),
                learningRate != null ? learningRate : d.learningRate(),
                epochs != null ? epochs : d.epochs(),
                batchSize != null ? batchSize : d.batchSize(),
                seed,
                holdoutShare != null ? holdoutShare : d.holdoutShare());
    }

    public static TrainingSpec read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read training spec " + file, e);
        }
    }

    /** The card-transaction demo's spec, shipped in this jar. */
    public static TrainingSpec demo() {
        try (InputStream in = TrainingSpec.class.getResourceAsStream(DEMO_RESOURCE)) {
            return parse(Objects.requireNonNull(in, DEMO_RESOURCE), DEMO_RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static TrainingSpec parse(InputStream in, String where) throws IOException {
        try {
            return ModelCards.json().readValue(in, TrainingSpec.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("Invalid training spec " + where + ": " + e.getOriginalMessage(), e);
        }
    }
}
