package dev.streamscore.drift.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ProportionTestTest {

    @Test
    void twoStandardErrorsAwayIsPointZeroFourFive() {
        // 60 of 100 vs 0.5: z = (0.6 - 0.5) / sqrt(0.25 / 100) = 2, p = 0.0455003.
        assertThat(ProportionTest.twoSidedPValue(60, 100, 0.5)).isCloseTo(0.04550026389635844, within(1e-12));
        assertThat(ProportionTest.twoSidedPValue(50, 100, 0.5)).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void tooFewExpectedEventsGivesNaN() {
        // 200 x 0.025 = 5 expected positives: the normal approximation does not hold.
        assertThat(ProportionTest.twoSidedPValue(9, 200, 0.025)).isNaN();
        assertThat(ProportionTest.twoSidedPValue(9, 1000, 0.025)).isFinite();
    }
}
