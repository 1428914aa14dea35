package dev.streamscore.drift.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.streamscore.model.card.Histogram;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.DoubleStream;
import org.junit.jupiter.api.Test;

class BinnedDistributionsTest {

    @Test
    void wassersteinOfUniformsOneApartIsOne() {
        // U[0,1] vs U[1,2]: one edge at 1, all mass left vs all mass right. Exact W1 = 1.
        double w = BinnedDistributions.wasserstein(new double[] {1}, new long[] {500, 0}, new long[] {0, 500}, 0, 2);
        assertThat(w).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void wassersteinOfAShiftedUniformIsTheShift() {
        // U[0,2] vs U[1,3] on edges (1, 2): CDFs at 0,1,2,3 are (0,.5,1,1) and (0,0,.5,1);
        // |diff| is linear in each bin: .25 + .5 + .25 = 1 = the shift.
        double w = BinnedDistributions.wasserstein(new double[] {1, 2}, new long[] {100, 100, 0},
                new long[] {0, 100, 100}, 0, 3);
        assertThat(w).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void wassersteinHandlesCrossingCdfs() {
        // base all in [0,1), live half in [0,1) half in [1,2]... and a third bin: crossing sign.
        // edges (1, 2), lower 0, upper 3: base (50, 0, 50), live (0, 100, 0).
        // F_base at 0,1,2,3: 0, .5, .5, 1; F_live: 0, 0, 1, 1; d = 0, -.5, .5, 0.
        // [0,1]: .25; [1,2]: sign change, (.25 + .25) / (2 * 1) = .25; [2,3]: .25. Total .75.
        double w = BinnedDistributions.wasserstein(new double[] {1, 2}, new long[] {50, 0, 50}, new long[] {0, 100, 0}, 0, 3);
        assertThat(w).isCloseTo(0.75, within(1e-12));
    }

    @Test
    void ksStatisticOfKnownSamples() {
        // a = {1,2,3,4}, b = {3,4,5,6}: exact D = 0.5 at x = 2 (scipy.stats.ks_2samp).
        double[] edges = {1.5, 2.5, 3.5, 4.5, 5.5};
        long[] a = counts(edges, 1, 2, 3, 4);
        long[] b = counts(edges, 3, 4, 5, 6);
        assertThat(BinnedDistributions.ksStatistic(a, b)).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void binnedKsEqualsTheExactStatisticWhenEveryValueHasItsOwnBin() {
        SplittableRandom random = new SplittableRandom(7);
        double[] x = DoubleStream.generate(() -> Math.round(random.nextDouble() * 1000) / 10.0).limit(300).toArray();
        double[] y = DoubleStream.generate(() -> Math.round((random.nextDouble() * 900 + 150)) / 10.0).limit(200).toArray();
        double[] distinct = DoubleStream.concat(Arrays.stream(x), Arrays.stream(y)).distinct().sorted().toArray();
        double[] edges = new double[distinct.length - 1];
        for (int i = 0; i < edges.length; i++) {
            edges[i] = (distinct[i] + distinct[i + 1]) / 2;
        }
        assertThat(BinnedDistributions.ksStatistic(counts(edges, x), counts(edges, y)))
                .isCloseTo(exactKs(x, y), within(1e-12));
    }

    @Test
    void ksPValueUsesTheEffectiveSampleSize() {
        // n = m = 10,000: ne = 5,000; D chosen so that (sqrt(ne) + 0.12 + 0.11/sqrt(ne)) D = 1.3581 -> p = 0.05.
        double sqrt = Math.sqrt(5000);
        double d = 1.3581 / (sqrt + 0.12 + 0.11 / sqrt);
        assertThat(BinnedDistributions.ksPValue(d, 10_000, 10_000)).isCloseTo(0.0499996304316674, within(1e-9));
        assertThat(BinnedDistributions.ksPValue(0, 100, 100)).isEqualTo(1.0);
        assertThat(BinnedDistributions.ksPValue(0.3, 0, 100)).isNaN();
    }

    private static long[] counts(double[] edges, double... values) {
        Histogram h = Histogram.empty(edges);
        for (double v : values) {
            h.add(v);
        }
        return h.counts();
    }

    /** sup |F_x - F_y| over the pooled sample points. */
    private static double exactKs(double[] x, double[] y) {
        double[] pooled = DoubleStream.concat(Arrays.stream(x), Arrays.stream(y)).sorted().toArray();
        double d = 0;
        for (double t : pooled) {
            double fx = Arrays.stream(x).filter(v -> v <= t).count() / (double) x.length;
            double fy = Arrays.stream(y).filter(v -> v <= t).count() / (double) y.length;
            d = Math.max(d, Math.abs(fx - fy));
        }
        return d;
    }
}
