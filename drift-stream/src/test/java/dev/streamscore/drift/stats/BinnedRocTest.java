package dev.streamscore.drift.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.streamscore.model.card.BinaryMetrics;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BinnedRocTest {
    private static final int BINS = 100;

    @Test
    void perfectSeparationIsOneAndIdenticalClassesAreOneHalf() {
        long[] low = new long[BINS];
        long[] high = new long[BINS];
        low[10] = 50;
        high[90] = 30;
        assertThat(BinnedRoc.auc(high, low)).isEqualTo(1.0);
        assertThat(BinnedRoc.auc(low, high)).isEqualTo(0.0);
        assertThat(BinnedRoc.auc(low, low)).isEqualTo(0.5);
    }

    @Test
    void oneClassGivesNaN() {
        long[] some = new long[BINS];
        some[3] = 4;
        assertThat(BinnedRoc.auc(some, new long[BINS])).isNaN();
    }

    @Test
    void equalsTheExactRankAucWhenScoresInABinAreTies() {
        // Scores at bin centres: ties in a bin are real ties, counted half by both methods.
        SplittableRandom random = new SplittableRandom(3);
        int n = 5_000;
        float[] scores = new float[n];
        float[] labels = new float[n];
        long[] pos = new long[BINS];
        long[] neg = new long[BINS];
        for (int i = 0; i < n; i++) {
            boolean positive = random.nextDouble() < 0.2;
            double raw = Math.min(0.999, Math.max(0, (positive ? 0.6 : 0.35) + 0.2 * gaussian(random)));
            int bin = (int) Math.floor(raw * BINS);
            scores[i] = (bin + 0.5f) / BINS;
            labels[i] = positive ? 1 : 0;
            (positive ? pos : neg)[bin]++;
        }
        double exact = BinaryMetrics.of(scores, labels, 0.5).auc();
        assertThat(BinnedRoc.auc(pos, neg)).isCloseTo(exact, within(1e-9));
    }

    @Test
    void isCloseToTheExactAucForContinuousScores() {
        // The documented approximation: within-bin pairs count half. For spread-out scores and
        // 100 bins the gap is far below the 0.05 an alert needs.
        SplittableRandom random = new SplittableRandom(5);
        int n = 20_000;
        float[] scores = new float[n];
        float[] labels = new float[n];
        long[] pos = new long[BINS];
        long[] neg = new long[BINS];
        for (int i = 0; i < n; i++) {
            boolean positive = random.nextDouble() < 0.1;
            double score = 1 / (1 + Math.exp(-((positive ? 1.5 : -1.0) + gaussian(random))));
            scores[i] = (float) score;
            labels[i] = positive ? 1 : 0;
            (positive ? pos : neg)[(int) Math.min(BINS - 1, Math.floor(scores[i] * BINS))]++;
        }
        double exact = BinaryMetrics.of(scores, labels, 0.5).auc();
        assertThat(BinnedRoc.auc(pos, neg)).isCloseTo(exact, within(0.002));
    }

    private static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }
}
