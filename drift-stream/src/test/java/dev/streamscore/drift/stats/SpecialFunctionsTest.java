package dev.streamscore.drift.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SpecialFunctionsTest {

    @Test
    void logGammaOfIntegersIsLogFactorial() {
        assertThat(SpecialFunctions.logGamma(5)).isCloseTo(Math.log(24), within(1e-12));
        assertThat(SpecialFunctions.logGamma(0.5)).isCloseTo(Math.log(Math.sqrt(Math.PI)), within(1e-12));
    }

    @Test
    void chiSquareTailMatchesClosedFormsAndTables() {
        // df = 2: P(X > x) = exp(-x / 2) exactly.
        assertThat(SpecialFunctions.chiSquareSurvival(5, 2)).isCloseTo(Math.exp(-2.5), within(1e-12));
        // df = 1: the 5 % critical value is 3.841458820694124 (scipy.stats.chi2.ppf(0.95, 1)).
        assertThat(SpecialFunctions.chiSquareSurvival(3.841458820694124, 1)).isCloseTo(0.05, within(1e-10));
        // Large x takes the continued fraction branch: df = 4, P = exp(-x/2)(1 + x/2), x = 30.
        assertThat(SpecialFunctions.chiSquareSurvival(30, 4)).isCloseTo(Math.exp(-15) * 16, within(1e-15));
        assertThat(SpecialFunctions.chiSquareSurvival(0, 3)).isEqualTo(1.0);
    }

    @Test
    void normalTailsMatchKnownValues() {
        assertThat(SpecialFunctions.erfc(1)).isCloseTo(0.15729920705028513, within(1e-12));
        assertThat(SpecialFunctions.erfc(-1)).isCloseTo(2 - 0.15729920705028513, within(1e-12));
        assertThat(SpecialFunctions.normalTwoSided(1.959963984540054)).isCloseTo(0.05, within(1e-10));
        assertThat(SpecialFunctions.normalTwoSided(2)).isCloseTo(0.04550026389635844, within(1e-12));
    }

    @Test
    void kolmogorovTailMatchesItsCriticalValues() {
        // scipy.stats.kstwobign.sf: 1.3581 -> 0.0499996, 1.6276 -> 0.0100015, 0.806 -> 0.534412.
        assertThat(SpecialFunctions.kolmogorovSurvival(1.3581)).isCloseTo(0.0499996304316674, within(1e-10));
        assertThat(SpecialFunctions.kolmogorovSurvival(1.6276)).isCloseTo(0.010001537333060776, within(1e-10));
        assertThat(SpecialFunctions.kolmogorovSurvival(0.806)).isCloseTo(0.5344119274974187, within(1e-10));
        assertThat(SpecialFunctions.kolmogorovSurvival(0.05)).isEqualTo(1.0);
    }
}
