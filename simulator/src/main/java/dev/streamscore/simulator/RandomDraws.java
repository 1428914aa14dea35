package dev.streamscore.simulator;

import java.util.random.RandomGenerator;

/**
 * The distributions the simulator draws from, built only on {@link RandomGenerator#nextDouble()}.
 *
 * <p>The JDK's own {@code nextGaussian()} and friends are not used on purpose: their algorithms
 * are implementation details that may change between JDK releases, while {@code nextDouble()} of
 * {@link java.util.SplittableRandom} is fixed by its specification. Building every draw on it keeps
 * a seed's data identical across JVMs. For the same reason the transcendental functions are
 * {@link StrictMath}'s (fdlibm, bit-exact everywhere), not {@link Math}'s, whose results may differ
 * in the last bit between platforms and JIT compilers (enough to flip a fraud draw now and then).
 */
final class RandomDraws {
    private RandomDraws() {
    }

    /** A standard normal variate by the Box-Muller transform; always consumes two uniforms. */
    static double gaussian(RandomGenerator rng) {
        double u1 = 1.0 - rng.nextDouble(); // (0, 1]: log(0) is not allowed
        double u2 = rng.nextDouble();
        return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * Math.PI * u2);
    }

    /** A lognormal variate with the given median ({@code exp(mu)}) and log-space standard deviation. */
    static double logNormal(RandomGenerator rng, double median, double sigma) {
        return median * StrictMath.exp(sigma * gaussian(rng));
    }

    /** A Poisson variate by Knuth's multiplication method; fine for the small means used here. */
    static int poisson(RandomGenerator rng, double mean) {
        if (mean <= 0) {
            return 0;
        }
        double limit = StrictMath.exp(-mean);
        double product = rng.nextDouble();
        int count = 0;
        while (product > limit) {
            count++;
            product *= rng.nextDouble();
        }
        return count;
    }

    /** True with probability {@code p}; always consumes one uniform. */
    static boolean bernoulli(RandomGenerator rng, double p) {
        return rng.nextDouble() < p;
    }

    /** An index drawn with probability proportional to {@code cumulativeWeights[i] - cumulativeWeights[i-1]}. */
    static int weightedIndex(RandomGenerator rng, double[] cumulativeWeights) {
        double x = rng.nextDouble() * cumulativeWeights[cumulativeWeights.length - 1];
        for (int i = 0; i < cumulativeWeights.length; i++) {
            if (x < cumulativeWeights[i]) {
                return i;
            }
        }
        return cumulativeWeights.length - 1;
    }

    /** Running sums of {@code weights}, for {@link #weightedIndex}. */
    static double[] cumulative(double[] weights) {
        double[] sums = new double[weights.length];
        double sum = 0;
        for (int i = 0; i < weights.length; i++) {
            sum += weights[i];
            sums[i] = sum;
        }
        return sums;
    }

    static double sigmoid(double z) {
        return 1.0 / (1.0 + StrictMath.exp(-z));
    }
}
