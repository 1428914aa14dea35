package dev.streamscore.loadtest.jmh;

import dev.streamscore.model.bundle.ModelBundle;
import dev.streamscore.model.tf.TfScorer;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Baseline (b), the model ceiling: one {@link TfScorer#score(float[], int, float[])} call on a
 * batch of {@code batch} rows of the trained SavedModel, single-threaded TF session as the scoring
 * job uses it. Time per call; rows per second = batch / time. The bundles come from the report run
 * ({@code -Dstreamscore.bench.models=DIR}, one sub-folder per model name).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class InferenceBenchmark {
    @Param({"demo", "ffnn28k"})
    public String model;

    @Param({"1", "8", "32", "64", "128", "256"})
    public int batch;

    private TfScorer scorer;
    private float[] features;
    private float[] scores;

    @Setup(Level.Trial)
    public void load() {
        scorer = ModelBundle.load(modelDir(model)).openScorer();
        features = randomRows(batch, scorer.featureCount(), 42);
        scores = new float[batch];
    }

    @TearDown(Level.Trial)
    public void close() {
        scorer.close();
    }

    @Benchmark
    public float[] tfBatch() {
        scorer.score(features, batch, scores);
        return scores;
    }

    static Path modelDir(String model) {
        String root = System.getProperty("streamscore.bench.models");
        if (root == null) {
            throw new IllegalStateException("Set -Dstreamscore.bench.models to the folder of the trained bundles");
        }
        return Path.of(root, model);
    }

    /** Standardized-looking inputs: most features are z-scores or one-hot values. */
    static float[] randomRows(int rows, int width, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[rows * width];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return values;
    }
}
