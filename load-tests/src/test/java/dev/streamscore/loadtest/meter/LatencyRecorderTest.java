package dev.streamscore.loadtest.meter;

import static org.assertj.core.api.Assertions.assertThat;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LatencyRecorderTest {
    @Test
    void recordsOnlyEventsIntendedInsideTheWindowButAtTheirFullLatency() {
        LatencyRecorder r = new LatencyRecorder();
        r.startWindow(1_000_000, 2_000_000);
        r.record(999_999, 1_000_500);        // warm-up event: left out
        r.record(1_000_000, 1_010_000);      // 10 ms
        r.record(1_999_999, 2_500_000);      // intended in the window, seen after it: 500 ms, kept
        r.record(2_000_000, 2_000_001);      // after the window: left out
        Histogram h = r.windowHistogram(0, 0);
        assertThat(h.getTotalCount()).isEqualTo(2);
        assertThat(h.getMaxValue()).isBetween(500_000L, 500_999L);
        assertThat(h.getMinValue()).isBetween(9_990L, 10_010L);
        assertThat(r.seen()).isEqualTo(4);
        assertThat(r.seenInWindow()).isEqualTo(2);
    }

    @Test
    void missingEventsCountAsAtLeastTheDrainTime() {
        LatencyRecorder r = new LatencyRecorder();
        r.startWindow(0, 1_000_000);
        for (int i = 0; i < 98; i++) {
            r.record(i * 10_000L, i * 10_000L + 5_000);
        }
        Histogram h = r.windowHistogram(2, 3_000_000);
        assertThat(h.getTotalCount()).isEqualTo(100);
        // 2 % missing at >= 3 s: p99 must show the stall, not the 5 ms of those that arrived.
        assertThat(h.getValueAtPercentile(99)).isGreaterThanOrEqualTo(2_990_000L);
        assertThat(h.getValueAtPercentile(50)).isBetween(4_990L, 5_010L);
    }

    @Test
    void newWindowForgetsThePreviousOne() {
        LatencyRecorder r = new LatencyRecorder();
        r.startWindow(0, 10);
        r.record(5, 100);
        r.startWindow(10, 20);
        assertThat(r.windowHistogram(0, 0).getTotalCount()).isZero();
        assertThat(r.progressInterval().getTotalCount()).isEqualTo(1);
        assertThat(r.progressInterval().getTotalCount()).isZero();
    }
}
