package dev.streamscore.drift.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class DistributionDistancesTest {

    @Test
    void psiOfTwoKnownDistributionsComputedByHand() {
        // e = (.25, .25, .5), a = (.5, .25, .25):
        // (.5 - .25) ln(.5/.25) + 0 + (.25 - .5) ln(.25/.5) = .25 ln 2 + .25 ln 2 = .5 ln 2 = 0.346574
        double psi = DistributionDistances.psi(new double[] {.25, .25, .5}, new double[] {.5, .25, .25});
        assertThat(psi).isCloseTo(0.5 * Math.log(2), within(1e-12));
    }

    @Test
    void psiReplacesAnEmptyBinWithEpsilonInsteadOfGoingInfinite() {
        // e = (.5, .5, 0) -> third bin 1e-4; a = (.5, .4, .1):
        // 0 + (.4 - .5) ln(.4/.5) + (.1 - 1e-4) ln(.1/1e-4) = 0.022314 + 0.690085 = 0.712399
        double psi = DistributionDistances.psi(new double[] {.5, .5, 0}, new double[] {.5, .4, .1});
        assertThat(psi).isCloseTo(0.7123991075017365, within(1e-12));
    }

    @Test
    void psiOfIdenticalDistributionsIsZero() {
        double[] p = DistributionDistances.proportions(new long[] {10, 30, 60});
        assertThat(DistributionDistances.psi(p, p)).isZero();
    }

    @Test
    void jensenShannonIsZeroForIdenticalAndOneForDisjoint() {
        double[] p = {0.2, 0.3, 0.5};
        assertThat(DistributionDistances.jensenShannon(p, p)).isZero();
        assertThat(DistributionDistances.jensenShannon(new double[] {0.5, 0.5, 0, 0}, new double[] {0, 0, 0.3, 0.7}))
                .isCloseTo(1.0, within(1e-12));
    }

    @Test
    void jensenShannonMatchesScipy() {
        // m = (.75, .25); KL(p||m) = log2(4/3) = .415037; KL(q||m) = .5 log2(2/3) + .5 log2(2) = .207519;
        // JSD = .311278, distance = sqrt = .557923 = scipy.spatial.distance.jensenshannon([1,0],[.5,.5], base=2)
        assertThat(DistributionDistances.jensenShannon(new double[] {1, 0}, new double[] {0.5, 0.5}))
                .isCloseTo(0.5579230452841438, within(1e-12));
        assertThat(DistributionDistances.jensenShannon(new double[] {.25, .25, .5}, new double[] {.5, .25, .25}))
                .isCloseTo(0.24754418688212584, within(1e-12));
    }

    @Test
    void lInfinityIsTheLargestShareDifference() {
        assertThat(DistributionDistances.lInfinity(new double[] {.2, .3, .5}, new double[] {.5, .3, .2}))
                .isCloseTo(0.3, within(1e-12));
    }

    @Test
    void proportionsOfNothingAreZero() {
        assertThat(DistributionDistances.proportions(new long[] {0, 0})).containsExactly(0, 0);
        assertThat(DistributionDistances.proportions(new long[] {1, 3})).containsExactly(0.25, 0.75);
    }
}
