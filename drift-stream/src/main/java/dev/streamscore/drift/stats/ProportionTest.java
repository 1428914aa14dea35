package dev.streamscore.drift.stats;

/**
 * One-sample z-test of a proportion against a reference rate: is the live label rate (or any
 * share) different from the training one? Normal approximation, fine when n·p0 and n·(1-p0) are
 * both above about 10; below that the p-value is reported as NaN rather than a misleading number.
 */
public final class ProportionTest {
    static final double MIN_EXPECTED = 10;

    private ProportionTest() {
    }

    public static double twoSidedPValue(long successes, long n, double p0) {
        if (n <= 0 || !(p0 > 0 && p0 < 1) || n * p0 < MIN_EXPECTED || n * (1 - p0) < MIN_EXPECTED) {
            return Double.NaN;
        }
        double z = (successes / (double) n - p0) / Math.sqrt(p0 * (1 - p0) / n);
        return SpecialFunctions.normalTwoSided(z);
    }
}
