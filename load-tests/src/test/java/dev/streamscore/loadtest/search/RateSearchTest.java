package dev.streamscore.loadtest.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class RateSearchTest {
    private static double run(RateSearch search, double capacity) {
        for (OptionalDouble next = search.next(); next.isPresent(); next = search.next()) {
            search.report(next.getAsDouble(), next.getAsDouble() <= capacity);
        }
        return search.best();
    }

    @Test
    void growsThenBisectsToWithinPrecision() {
        RateSearch search = new RateSearch(1000, 2, 1_000_000, 0.1, 20);
        double best = run(search, 13_000);
        assertThat(best).isLessThanOrEqualTo(13_000).isGreaterThan(13_000 / 1.1);
        assertThat(search.lowestFailed()).isGreaterThan(13_000).isLessThanOrEqualTo(best * 1.1);
        // 1k 2k 4k 8k 16k (fail), then log2(log(2)/log(1.1)) ~ 3 bisections.
        assertThat(search.probes()).hasSizeLessThanOrEqualTo(9);
    }

    @Test
    void stopsAtTheCapWhenEverythingPasses() {
        RateSearch search = new RateSearch(1000, 4, 5000, 0.1, 20);
        assertThat(run(search, Double.MAX_VALUE)).isEqualTo(5000);
        assertThat(search.probes()).extracting(RateSearch.Probe::rate).containsExactly(1000.0, 4000.0, 5000.0);
    }

    @Test
    void halvesWhenTheFirstProbeFails() {
        RateSearch search = new RateSearch(1000, 2, 100_000, 0.2, 10);
        double best = run(search, 300);
        assertThat(best).isLessThanOrEqualTo(300).isGreaterThan(300 / 1.2);
    }

    @Test
    void respectsTheProbeBudget() {
        RateSearch search = new RateSearch(100, 2, 1e9, 0.01, 4);
        run(search, 1e6);
        assertThat(search.probes()).hasSize(4);
        assertThat(search.next()).isEmpty();
    }

    @Test
    void noneSustainedMeansZero() {
        RateSearch search = new RateSearch(100, 2, 1000, 0.1, 3);
        assertThat(run(search, 1)).isZero();
        assertThat(search.lowestFailed()).isEqualTo(25);
    }
}
