package dev.streamscore.model.card;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BinaryMetricsTest {
    @Test
    void aucCountsCorrectlyOrderedPairsWithTiesAsHalf() {
        float[] labels = {0, 0, 1, 1};
        assertThat(BinaryMetrics.of(new float[] {0.1f, 0.2f, 0.8f, 0.9f}, labels, 0.5).auc()).isEqualTo(1.0);
        assertThat(BinaryMetrics.of(new float[] {0.9f, 0.8f, 0.2f, 0.1f}, labels, 0.5).auc()).isEqualTo(0.0);
        assertThat(BinaryMetrics.of(new float[] {0.5f, 0.5f, 0.5f, 0.5f}, labels, 0.5).auc()).isEqualTo(0.5);
        // Pairs (neg, pos): (0.1,0.8) ok, (0.1,0.3) ok, (0.4,0.8) ok, (0.4,0.3) wrong -> 3/4.
        assertThat(BinaryMetrics.of(new float[] {0.1f, 0.4f, 0.8f, 0.3f}, labels, 0.5).auc()).isEqualTo(0.75);
        assertThat(BinaryMetrics.of(new float[] {0.1f, 0.2f}, new float[] {0, 0}, 0.5).auc()).isNaN();
    }

    @Test
    void decisionMetricsAtTheThreshold() {
        float[] scores = {0.9f, 0.6f, 0.4f, 0.2f, 0.7f};
        float[] labels = {1, 0, 1, 0, 1};
        BinaryMetrics m = BinaryMetrics.of(scores, labels, 0.5);
        // Decided positive: 0.9 (tp), 0.6 (fp), 0.7 (tp); missed 0.4 (fn); 0.2 (tn).
        assertThat(m.precision()).isCloseTo(2 / 3.0, within(1e-12));
        assertThat(m.recall()).isCloseTo(2 / 3.0, within(1e-12));
        assertThat(m.accuracy()).isCloseTo(3 / 5.0, within(1e-12));
        assertThat(m.positives()).isEqualTo(3);
        double logLoss = -(Math.log(0.9f) + Math.log(1 - 0.6f) + Math.log(0.4f) + Math.log(1 - 0.2f) + Math.log(0.7f)) / 5;
        assertThat(m.logLoss()).isCloseTo(logLoss, within(1e-6));
        double brier = (Math.pow(0.1f, 2) + Math.pow(0.6f, 2) + Math.pow(0.6f, 2) + Math.pow(0.2f, 2) + Math.pow(0.3f, 2)) / 5;
        assertThat(m.brier()).isCloseTo(brier, within(1e-6));
    }

    @Test
    void histogramBinsAreHalfOpenWithOpenEnds() {
        double[] edges = {0.0, 10.0, 20.0};
        assertThat(Histogram.bin(edges, -5)).isEqualTo(0);
        assertThat(Histogram.bin(edges, 0.0)).isEqualTo(1);
        assertThat(Histogram.bin(edges, 9.99)).isEqualTo(1);
        assertThat(Histogram.bin(edges, 10.0)).isEqualTo(2);
        assertThat(Histogram.bin(edges, 25)).isEqualTo(3);
        Histogram h = Histogram.empty(edges);
        h.add(-1);
        h.add(15);
        h.add(15);
        assertThat(h.counts()).containsExactly(1, 0, 2, 0);
        assertThat(h.total()).isEqualTo(3);
    }
}
