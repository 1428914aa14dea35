package dev.streamscore.loadtest.search;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProbeVerdictTest {
    @Test
    void sustainedWhenFastFlatAndComplete() {
        assertThat(ProbeVerdict.of(12, 20, 3, 5000, 50_000, 0).sustained()).isTrue();
    }

    @Test
    void eachConditionFailsTheProbe() {
        assertThat(ProbeVerdict.of(25, 20, 0, 5000, 50_000, 0).reason()).contains("p99 25.0 ms > 20 ms");
        assertThat(ProbeVerdict.of(5, 20, 900, 5000, 50_000, 0).reason()).contains("backlog grows 900");
        assertThat(ProbeVerdict.of(5, 20, 0, 5000, 50_000, 51).reason()).contains("51 of 50000 missing");
        assertThat(ProbeVerdict.of(5, 20, 0, 5000, 0, 0).sustained()).isFalse();
    }

    @Test
    void lagSlopeFromSamples() {
        double[] t = {0, 1, 2, 3, 4};
        assertThat(LagTrend.slopePerSecond(t, new double[] {10, 12, 9, 11, 10})).isBetween(-1.0, 1.0);
        assertThat(LagTrend.slopePerSecond(t, new double[] {0, 1000, 2000, 3000, 4000})).isEqualTo(1000.0);
        assertThat(LagTrend.growing(1000, 5000)).isTrue();
        assertThat(LagTrend.growing(50, 5000)).isFalse();
        assertThat(LagTrend.growing(30, 100)).isTrue();
    }
}
