package dev.streamscore.drift.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BenjaminiHochbergTest {

    @Test
    void matchesRsPAdjust() {
        // p.adjust(c(.01, .04, .03, .005), "BH") = 0.02 0.04 0.04 0.02:
        // sorted .005 .01 .03 .04 times m/rank = .02 .02 .04 .04, then running minimum from the top.
        double[] q = BenjaminiHochberg.adjust(new double[] {0.01, 0.04, 0.03, 0.005});
        assertThat(q[0]).isCloseTo(0.02, within(1e-12));
        assertThat(q[1]).isCloseTo(0.04, within(1e-12));
        assertThat(q[2]).isCloseTo(0.04, within(1e-12));
        assertThat(q[3]).isCloseTo(0.02, within(1e-12));
    }

    @Test
    void enforcesMonotonicityAndCapsAtOne() {
        // p.adjust(c(.02, .021, .9), "BH") = 0.0315 0.0315 0.9
        double[] q = BenjaminiHochberg.adjust(new double[] {0.02, 0.021, 0.9});
        assertThat(q[0]).isCloseTo(0.0315, within(1e-12));
        assertThat(q[1]).isCloseTo(0.0315, within(1e-12));
        assertThat(q[2]).isCloseTo(0.9, within(1e-12));
        assertThat(BenjaminiHochberg.adjust(new double[] {0.6, 0.7})).containsExactly(0.7, 0.7);
    }

    @Test
    void nanIsNotATest() {
        double[] q = BenjaminiHochberg.adjust(new double[] {Double.NaN, 0.01, 0.04});
        assertThat(q[0]).isNaN();
        assertThat(q[1]).isCloseTo(0.02, within(1e-12));
        assertThat(q[2]).isCloseTo(0.04, within(1e-12));
    }
}
