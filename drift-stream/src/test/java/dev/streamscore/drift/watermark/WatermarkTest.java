package dev.streamscore.drift.watermark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WatermarkTest {
    @Test
    void nothingIsKnownUntilEveryExpectedSourceHasReported() {
        Watermark w = new Watermark(List.of("predictions-0", "labels-0"));
        assertThat(w.update("predictions-0", 5_000, false)).isFalse();
        assertThat(w.current()).isEqualTo(Watermark.UNKNOWN);
        assertThat(w.update("labels-0", 3_000, false)).isTrue();
        assertThat(w.current()).isEqualTo(3_000);
    }

    @Test
    void isTheMinimumOverSourcesThatAreNotIdle() {
        Watermark w = new Watermark(List.of("a", "b", "c"));
        w.update("a", 10_000, false);
        w.update("b", 2_000, false);
        w.update("c", 7_000, false);
        assertThat(w.current()).isEqualTo(2_000);
        assertThat(w.update("b", 2_000, true)).as("b went idle: it holds nothing back").isTrue();
        assertThat(w.current()).isEqualTo(7_000);
        w.update("a", 10_000, true);
        w.update("c", 8_000, true);
        assertThat(w.current()).as("all idle: everything read so far is final").isEqualTo(10_000);
    }

    @Test
    void neverGoesBackNorDoesASourcesTime() {
        Watermark w = new Watermark(List.of("a", "b"));
        w.update("a", 10_000, false);
        w.update("b", 9_000, true);
        assertThat(w.current()).isEqualTo(10_000);
        assertThat(w.update("b", 9_500, false)).as("b is back, behind: its records are late, the watermark stays").isFalse();
        assertThat(w.current()).isEqualTo(10_000);
        w.update("a", 4_000, false); // a restarted task reports less than it had
        assertThat(w.progress("a").time()).isEqualTo(10_000);
        assertThat(w.update("b", 12_000, false)).isFalse();
        assertThat(w.update("a", 11_000, false)).isTrue();
        assertThat(w.current()).isEqualTo(11_000);
    }

    @Test
    void aSourceNobodyExpectedCountsOnceItReports() {
        Watermark w = new Watermark(List.of("a"));
        w.update("a", 10_000, false);
        w.update("a-new-partition", 1_000, false);
        assertThat(w.current()).as("it cannot move back, but it holds further progress").isEqualTo(10_000);
        assertThat(w.update("a", 20_000, false)).isFalse();
        assertThat(w.update("a-new-partition", 15_000, false)).isTrue();
        assertThat(w.current()).isEqualTo(15_000);
    }

    @Test
    void restoresWhatWasStored() {
        Watermark w = new Watermark(List.of("a", "b"));
        w.restore(Map.of("a", new SourceProgress(5_000, false), "b", new SourceProgress(3_000, true)), 5_000);
        assertThat(w.current()).isEqualTo(5_000);
        assertThat(w.update("a", 6_000, false)).isTrue();
        assertThat(w.current()).isEqualTo(6_000);
    }
}
