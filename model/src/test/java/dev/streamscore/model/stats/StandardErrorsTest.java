package dev.streamscore.model.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class StandardErrorsTest {

    @Test
    void aucStandardErrorIsHanleyAndMcNeils() {
        // A = 0.9, 50 positives, 50 negatives: Q1 = 0.9/1.1 = 0.818182, Q2 = 1.62/1.9 = 0.852632,
        // var = (0.09 + 49 (0.818182 - 0.81) + 49 (0.852632 - 0.81)) / 2500 = 2.579856 / 2500.
        assertThat(StandardErrors.auc(0.9, 50, 50)).isCloseTo(Math.sqrt(2.579856 / 2500), within(1e-6));
        // Fewer positives, wider: the rarer class bounds the precision.
        assertThat(StandardErrors.auc(0.9, 25, 975)).isGreaterThan(StandardErrors.auc(0.9, 100, 900));
        assertThat(StandardErrors.auc(0.9, 0, 100)).isNaN();
        assertThat(StandardErrors.auc(Double.NaN, 10, 100)).isNaN();
    }

    @Test
    void proportionDifferenceIsTheTwoProportionZTestsDenominator() {
        // 30/100 vs 10/100: pooled 0.2, sqrt(0.2 * 0.8 * 0.02); z = 0.2 / 0.0566 = 3.536, and
        // R's prop.test(c(30, 10), c(100, 100), correct = FALSE) gives X-squared = 12.5 = 3.536².
        double se = StandardErrors.proportionDifference(30, 100, 10, 100);
        assertThat(se).isCloseTo(Math.sqrt(0.0032), within(1e-12));
        assertThat(0.2 / se).isCloseTo(Math.sqrt(12.5), within(1e-9));
        assertThat(StandardErrors.proportionDifference(0, 10, 0, 10)).isZero();
        assertThat(StandardErrors.proportionDifference(1, 0, 1, 10)).isNaN();
    }
}
