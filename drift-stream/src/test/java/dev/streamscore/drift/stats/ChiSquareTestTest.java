package dev.streamscore.drift.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ChiSquareTestTest {

    @Test
    void twoByTwoByHand() {
        // [[10, 20], [20, 10]]: every expected count is 15, each cell adds 25/15: statistic 6.667, df 1,
        // p = erfc(sqrt(6.667 / 2)) = 0.0098233 (scipy chi2_contingency, correction=False).
        ChiSquareTest.Result r = ChiSquareTest.homogeneity(new double[] {10, 20}, new double[] {20, 10});
        assertThat(r.statistic()).isCloseTo(20.0 / 3, within(1e-12));
        assertThat(r.degreesOfFreedom()).isEqualTo(1);
        assertThat(r.pValue()).isCloseTo(0.009823274507519235, within(1e-12));
    }

    @Test
    void twoByThreeMatchesScipy() {
        // df 2, so p = exp(-statistic / 2) exactly: 5.3333 -> 0.069483.
        ChiSquareTest.Result r = ChiSquareTest.homogeneity(new double[] {10, 20, 30}, new double[] {20, 20, 20});
        assertThat(r.statistic()).isCloseTo(16.0 / 3, within(1e-12));
        assertThat(r.pValue()).isCloseTo(0.0694834512228015, within(1e-12));
    }

    @Test
    void aCategoryOnlyOneSideHasStaysFiniteAndEmptyColumnsAreIgnored() {
        ChiSquareTest.Result r = ChiSquareTest.homogeneity(new double[] {50, 50, 0, 0}, new double[] {40, 40, 20, 0});
        assertThat(r.degreesOfFreedom()).isEqualTo(2);
        assertThat(r.statistic()).isFinite();
        assertThat(r.pValue()).isLessThan(1e-4);
    }

    @Test
    void nothingToCompareGivesNaN() {
        assertThat(ChiSquareTest.homogeneity(new double[] {10, 0}, new double[] {0, 0}).pValue()).isNaN();
        assertThat(ChiSquareTest.homogeneity(new double[] {10, 0}, new double[] {5, 0}).pValue()).isNaN();
    }
}
