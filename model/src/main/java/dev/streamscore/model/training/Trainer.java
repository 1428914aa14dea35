package dev.streamscore.model.training;

import dev.streamscore.model.bundle.ModelBundle;
import dev.streamscore.model.card.BinaryMetrics;
import dev.streamscore.model.card.Calibration;
import dev.streamscore.model.card.Fairness;
import dev.streamscore.model.card.ModelCard;
import dev.streamscore.model.card.OutputSpec;
import dev.streamscore.model.card.ProfileBuilder;
import dev.streamscore.model.card.TrainingInfo;
import dev.streamscore.model.card.TrainingProfile;
import dev.streamscore.model.features.FeatureException;
import dev.streamscore.model.features.FeatureFitter;
import dev.streamscore.model.features.FeatureSpec;
import dev.streamscore.model.features.FeatureVectorizer;
import dev.streamscore.model.features.FieldReader;
import dev.streamscore.model.tf.MlpWeights;
import dev.streamscore.model.tf.SavedModelExporter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a model version end to end: reads examples, holds out a seeded share, fits the feature
 * spec on the rest, vectorizes with the same {@link FeatureVectorizer} the scorer uses, trains the
 * MLP, picks the decision threshold, measures the holdout, profiles the training data and writes
 * the bundle (inference-only SavedModel + model card).
 */
public final class Trainer {
    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);
    /** More unusable examples than this share means the spec does not fit the data. */
    private static final double MAX_REJECTED_SHARE = 0.05;

    private Trainer() {
    }

    public static ModelBundle train(TrainingSpec spec, Path data, String version, long seed, Integer epochs,
            Path bundleDir, TrainingProgress progress) {
        return train(spec, data.toString(), ExampleFiles.read(data), version, seed, epochs, bundleDir, progress);
    }

    /**
     * Trains on examples already read (labeled pairs from a topic, say).
     *
     * @param data where the examples came from, as the card's training info records it
     */
    public static ModelBundle train(TrainingSpec spec, String data, List<FieldReader> records, String version, long seed,
            Integer epochs, Path bundleDir, TrainingProgress progress) {
        if (records.size() < 20) {
            throw new IllegalArgumentException(data + " has " + records.size() + " examples; need at least 20");
        }
        MlpConfig mlp = epochs == null ? spec.mlp(seed) : spec.mlp(seed).withEpochs(epochs);

        List<FieldReader> train = new ArrayList<>();
        List<FieldReader> holdout = new ArrayList<>();
        SplittableRandom split = new SplittableRandom(seed ^ 0x5DEECE66DL);
        for (FieldReader record : records) {
            (split.nextDouble() < mlp.holdoutShare() ? holdout : train).add(record);
        }
        List<FeatureSpec> fitted = FeatureFitter.defaults().fit(spec.features(), train);
        FeatureVectorizer vectorizer = new FeatureVectorizer(fitted);

        List<String> attributes = spec.event() == null ? List.of() : spec.event().attributes();
        Examples trainSet = Examples.of(train, vectorizer, spec.labelField(), attributes);
        Examples holdoutSet = Examples.of(holdout, vectorizer, spec.labelField(), attributes);
        LOG.info("Training {} on {} examples ({} held out), {} features in a vector of {}", spec.name(),
                trainSet.size(), holdoutSet.size(), fitted.size(), vectorizer.width());

        double[] lastLoss = {Double.NaN};
        MlpWeights weights = MlpTrainer.train(trainSet.x(), trainSet.y(), mlp, (epoch, total, loss) -> {
            lastLoss[0] = loss;
            progress.epochDone(epoch, total, loss);
        });

        float[] trainScores = trainSet.scores(weights);
        double threshold = spec.threshold() != null ? spec.threshold() : bestF1Threshold(trainScores, trainSet.y());
        float[] holdoutScores = holdoutSet.scores(weights);
        BinaryMetrics metrics = BinaryMetrics.of(holdoutScores, holdoutSet.y(), threshold);
        TrainingProfile profile = ProfileBuilder.build(fitted, trainSet.served(), trainSet.y(), holdoutScores,
                trainSet.attributes(), attributes);

        ModelCard card = new ModelCard(
                ModelCard.FORMAT_VERSION, spec.name(), version, spec.description(), Instant.now().toString(),
                spec.event(), fitted,
                new OutputSpec("binary", SavedModelExporter.SIGNATURE, SavedModelExporter.INPUT,
                        SavedModelExporter.OUTPUT, threshold, spec.positiveClass(), spec.negativeClass()),
                metrics,
                new TrainingInfo(data, spec.labelField(), trainSet.size(), holdoutSet.size(),
                        mlp.hiddenUnits(), mlp.learningRate(), mlp.epochs(), mlp.batchSize(), seed,
                        weights.parameterCount(), Instant.now().toString(), lastLoss[0]),
                profile,
                Fairness.of(holdoutScores, holdoutSet.y(), holdoutSet.attributes(), attributes, threshold),
                Calibration.fit(holdoutScores, holdoutSet.y()));
        return ModelBundle.write(bundleDir, weights, card);
    }

    /** The score threshold with the best F1 on the given data (ties: the lowest such threshold). */
    static double bestF1Threshold(float[] scores, float[] labels) {
        double best = 0.5;
        double bestF1 = -1;
        for (int step = 1; step < 100; step++) {
            double threshold = step / 100.0;
            long tp = 0;
            long fp = 0;
            long fn = 0;
            for (int i = 0; i < scores.length; i++) {
                boolean positive = labels[i] > 0.5f;
                boolean decided = scores[i] >= threshold;
                tp += positive && decided ? 1 : 0;
                fp += !positive && decided ? 1 : 0;
                fn += positive && !decided ? 1 : 0;
            }
            double f1 = tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
            if (f1 > bestF1) {
                bestF1 = f1;
                best = threshold;
            }
        }
        return best;
    }

    /** Vectorized examples and the raw values served for them. */
    private record Examples(float[][] x, float[] y, List<Map<String, Object>> served, List<Map<String, String>> attributes) {
        static Examples of(List<FieldReader> records, FeatureVectorizer vectorizer, String labelField,
                List<String> attributeFields) {
            List<float[]> xs = new ArrayList<>();
            List<Float> ys = new ArrayList<>();
            List<Map<String, Object>> served = new ArrayList<>();
            List<Map<String, String>> attributes = new ArrayList<>();
            Map<FeatureException.Kind, Integer> rejected = new HashMap<>();
            for (FieldReader record : records) {
                float[] vector = new float[vectorizer.width()];
                Map<String, Object> values = new HashMap<>();
                try {
                    vectorizer.vectorize(record, vector, 0, values);
                } catch (FeatureException e) {
                    rejected.merge(e.kind(), 1, Integer::sum);
                    continue;
                }
                xs.add(vector);
                ys.add(ExampleFiles.label(record, labelField));
                served.add(values);
                attributes.add(attributes(record, attributeFields));
            }
            int rejectedCount = rejected.values().stream().mapToInt(Integer::intValue).sum();
            if (rejectedCount > MAX_REJECTED_SHARE * records.size()) {
                throw new IllegalArgumentException(rejectedCount + " of " + records.size()
                        + " examples cannot be vectorized by the feature spec: " + rejected);
            }
            if (rejectedCount > 0) {
                LOG.warn("Skipped {} examples the feature spec rejects: {}", rejectedCount, rejected);
            }
            float[] y = new float[ys.size()];
            for (int i = 0; i < y.length; i++) {
                y[i] = ys.get(i);
            }
            return new Examples(xs.toArray(new float[0][]), y, served, attributes);
        }

        /** The record's segment attributes as Prediction.attributes carries them (strings; absent when null). */
        private static Map<String, String> attributes(FieldReader record, List<String> fields) {
            Map<String, String> values = new HashMap<>();
            for (String field : fields) {
                Object value = record.has(field) ? record.get(field) : null;
                if (value != null) {
                    values.put(field, value.toString());
                }
            }
            return values;
        }

        int size() {
            return y.length;
        }

        float[] scores(MlpWeights weights) {
            float[] scores = new float[x.length];
            for (int i = 0; i < x.length; i++) {
                scores[i] = weights.score(x[i]);
            }
            return scores;
        }
    }
}
