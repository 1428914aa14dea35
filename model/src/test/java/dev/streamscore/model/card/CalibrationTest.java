package dev.streamscore.model.card;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CalibrationTest {
    @Test
    void recoversTheMappingAnOverconfidentModelsScoresHave() {
        // True probability p; the model reports sigmoid(2 * logit(p) - 1): too sharp and shifted.
        SplittableRandom random = new SplittableRandom(11);
        int n = 20_000;
        float[] scores = new float[n];
        float[] labels = new float[n];
        for (int i = 0; i < n; i++) {
            double logit = -2 + 2.5 * (random.nextDouble() - 0.5) * 2;
            double p = 1 / (1 + Math.exp(-logit));
            scores[i] = (float) (1 / (1 + Math.exp(-(2 * logit - 1))));
            labels[i] = random.nextDouble() < p ? 1 : 0;
        }
        Calibration c = Calibration.fit(scores, labels);
        // logit(p) = (logit(score) + 1) / 2.
        assertThat(c.slope()).isCloseTo(0.5, within(0.05));
        assertThat(c.intercept()).isCloseTo(0.5, within(0.1));
        assertThat(c.examples()).isEqualTo(n);
        assertThat(c.probability(1 / (1 + Math.exp(-(2 * -2.0 - 1))))).isCloseTo(1 / (1 + Math.exp(2.0)), within(0.02));
    }

    @Test
    void aCalibratedModelIsLeftNearlyAsItIs() {
        SplittableRandom random = new SplittableRandom(12);
        int n = 20_000;
        float[] scores = new float[n];
        float[] labels = new float[n];
        for (int i = 0; i < n; i++) {
            scores[i] = (float) (0.02 + 0.9 * random.nextDouble() * random.nextDouble());
            labels[i] = random.nextDouble() < scores[i] ? 1 : 0;
        }
        Calibration c = Calibration.fit(scores, labels);
        assertThat(c.probability(0.1)).isCloseTo(0.1, within(0.02));
        assertThat(c.probability(0.5)).isCloseTo(0.5, within(0.04));
    }

    @Test
    void withOneClassItIsTheIdentity() {
        Calibration c = Calibration.fit(new float[] {0.2f, 0.7f}, new float[] {0, 0});
        assertThat(c.slope()).isEqualTo(1);
        assertThat(c.intercept()).isEqualTo(0);
        assertThat(c.probability(0.3)).isCloseTo(0.3, within(1e-9));
    }
}
