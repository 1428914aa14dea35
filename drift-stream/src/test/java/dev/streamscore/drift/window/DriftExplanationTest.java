package dev.streamscore.drift.window;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DriftExplanationTest {
    @Test
    void namesTheTwoBinsThatMovedMostWithBothShares() {
        double[] edges = {10, 100, 1_000};
        double[] training = {0.25, 0.25, 0.25, 0.25};
        double[] window = {0.05, 0.25, 0.30, 0.40};
        assertThat(DriftExplanation.numeric("amount", edges, training, window)).isEqualTo(
                "amount in < 10: 25.0 % in training, 5.0 % in this window; "
                        + "amount in >= 1000: 25.0 % in training, 40.0 % in this window");
    }

    @Test
    void namesInnerBinsByTheirEdgesAndCategoriesByName() {
        assertThat(DriftExplanation.numeric("x", new double[] {0.5, 1.25}, new double[] {0.2, 0.6, 0.2},
                new double[] {0.2, 0.5, 0.3})).startsWith("x in [0.5, 1.25): 60.0 % in training, 50.0 % in this window");
        assertThat(DriftExplanation.categorical("merchant_category", List.of("grocery", "fuel", "crypto"),
                new double[] {0.6, 0.4, 0.0}, new double[] {0.55, 0.25, 0.2})).isEqualTo(
                "merchant_category = 'crypto': 0.0 % in training, 20.0 % in this window; "
                        + "merchant_category = 'fuel': 40.0 % in training, 25.0 % in this window");
    }

    @Test
    void saysNothingWhenNoShareMovedByHalfAPoint() {
        assertThat(DriftExplanation.categorical("c", List.of("a", "b"), new double[] {0.5, 0.5},
                new double[] {0.498, 0.502})).isNull();
    }
}
