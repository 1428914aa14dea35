package dev.streamscore.loadtest.jmh;

import dev.streamscore.model.bundle.ModelBundle;
import dev.streamscore.model.card.ModelCard;
import dev.streamscore.model.tf.MlpWeights;
import java.util.ArrayList;
import java.util.List;
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

/**
 * Baseline (b), the compute floor: the plain-Java forward pass ({@link MlpWeights#score}) of a
 * network of the same shape as each trained model (input width and hidden units from its model
 * card), one row per call, looped over {@code batch} rows. The bundle holds a SavedModel, not the
 * float arrays, so the weights are He-initialized at the model's shape: the arithmetic is the same.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ForwardPassBenchmark {
    @Param({"demo", "ffnn28k"})
    public String model;

    @Param({"1", "64"})
    public int batch;

    private MlpWeights weights;
    private float[][] rows;
    private float[] scores;

    @Setup(Level.Trial)
    public void build() {
        ModelBundle bundle = ModelBundle.load(InferenceBenchmark.modelDir(model));
        weights = heInitialized(bundle.vectorizer().width(), bundle.card(), 7);
        rows = new float[batch][];
        float[] flat = InferenceBenchmark.randomRows(batch, weights.inputSize(), 42);
        for (int r = 0; r < batch; r++) {
            rows[r] = java.util.Arrays.copyOfRange(flat, r * weights.inputSize(), (r + 1) * weights.inputSize());
        }
        scores = new float[batch];
    }

    @Benchmark
    public float[] javaForward() {
        for (int r = 0; r < rows.length; r++) {
            scores[r] = weights.score(rows[r]);
        }
        return scores;
    }

    static MlpWeights heInitialized(int inputs, ModelCard card, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Integer> units = new ArrayList<>(card.training().hiddenUnits());
        units.add(1);
        List<float[][]> kernels = new ArrayList<>();
        List<float[]> biases = new ArrayList<>();
        int in = inputs;
        for (int out : units) {
            float[][] kernel = new float[in][out];
            double scale = Math.sqrt(2.0 / in);
            for (float[] row : kernel) {
                for (int j = 0; j < out; j++) {
                    row[j] = (float) (gaussian(random) * scale);
                }
            }
            kernels.add(kernel);
            biases.add(new float[out]);
            in = out;
        }
        return new MlpWeights(kernels, biases);
    }

    private static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }
}
