package dev.streamscore.model.tf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.streamscore.model.training.MlpConfig;
import dev.streamscore.model.training.MlpTrainer;
import dev.streamscore.model.training.TrainingProgress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Train with TF Java, export inference-only, reload, and get the same scores as the weights give. */
class TfRoundTripTest {

    @Test
    void trainsExportsAndReloads(@TempDir Path dir) throws Exception {
        SplittableRandom random = new SplittableRandom(7);
        int n = 4000;
        float[][] x = new float[n][3];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            x[i][0] = (float) random.nextGaussian();
            x[i][1] = (float) random.nextGaussian();
            x[i][2] = (float) random.nextGaussian();
            y[i] = x[i][0] + 0.5f * x[i][1] * x[i][1] - 0.5f > 0 ? 1f : 0f;
        }
        List<Double> losses = new ArrayList<>();
        MlpWeights weights = MlpTrainer.train(x, y, MlpConfig.defaults(42).withEpochs(6),
                (epoch, epochs, loss) -> losses.add(loss));

        assertThat(losses).hasSize(6);
        assertThat(losses.get(5)).isLessThan(losses.get(0));
        int correct = 0;
        for (int i = 0; i < n; i++) {
            correct += (weights.score(x[i]) > 0.5f) == (y[i] > 0.5f) ? 1 : 0;
        }
        assertThat(correct / (double) n).isGreaterThan(0.9);

        SavedModelExporter.export(weights, dir.resolve("saved_model"));
        try (TfScorer scorer = TfScorer.load(dir.resolve("saved_model"))) {
            assertThat(scorer.featureCount()).isEqualTo(3);
            float[] flat = new float[10 * 3];
            for (int i = 0; i < 10; i++) {
                System.arraycopy(x[i], 0, flat, i * 3, 3);
            }
            float[] scores = new float[10];
            scorer.score(flat, 10, scores);
            for (int i = 0; i < 10; i++) {
                assertThat(scores[i]).isCloseTo(weights.score(x[i]), within(1e-5f));
            }
            assertThat(scorer.score(x[3])).isCloseTo(scores[3], within(1e-6f));
        }
    }

    @Test
    void sameSeedSameWeights() {
        float[][] x = {{0f, 1f}, {1f, 0f}, {1f, 1f}, {0f, 0f}};
        float[] y = {1f, 1f, 0f, 0f};
        MlpConfig config = MlpConfig.defaults(3).withEpochs(3);
        MlpWeights a = MlpTrainer.train(x, y, config, TrainingProgress.NONE);
        MlpWeights b = MlpTrainer.train(x, y, config, TrainingProgress.NONE);
        assertThat(a.kernels().get(0)).isDeepEqualTo(b.kernels().get(0));
        assertThat(a.score(x[0])).isEqualTo(b.score(x[0]));
    }
}
