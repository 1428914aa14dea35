package dev.streamscore.drift.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamscore.drift.metrics.MetricKind;
import dev.streamscore.drift.metrics.MetricName;
import dev.streamscore.drift.metrics.MetricValue;
import dev.streamscore.drift.metrics.WindowReport;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The sequential detector's false-alarm rate and detection delay, by simulation: the number of
 * windows until the sum first passes the threshold (the run length), with standard normal
 * window values around a shift of 0 (no change) and of 0.5, 1 and 2 standard errors.
 */
class CusumTest {
    private final SplittableRandom random = new SplittableRandom(2026);

    @Test
    void withoutAShiftItRaisesAboutOneFalseAlarmIn16000WindowsPerSeries() {
        double mean = meanRunLength(0, 200);
        assertThat(mean).isBetween(11_000.0, 22_000.0);
    }

    @Test
    void aPersistentShiftIsCaughtFasterTheLargerItIs() {
        assertThat(meanRunLength(0.5, 2_000)).isBetween(65.0, 95.0);
        assertThat(meanRunLength(1, 2_000)).isBetween(15.0, 18.5);
        assertThat(meanRunLength(2, 2_000)).isBetween(5.5, 6.5);
    }

    @Test
    void anAucShortfallTooSmallForTheThresholdRuleRaisesTheSequentialAlert() {
        AlertEngine engine = new AlertEngine(AlertRules.defaults(), AlertSettings.DEFAULTS);
        AlertState state = AlertState.empty();
        List<AlertTransition> raised = new ArrayList<>();
        // 300 windows as validated: AUC around the holdout's 0.90, standard error 0.015.
        for (int w = 0; w < 300; w++) {
            raised.addAll(engine.evaluate(state, window(w, 0.90 + 0.015 * gaussian())));
        }
        assertThat(raised).as("no alert while nothing changed").isEmpty();
        // Then 0.015 below it for good: one standard error, far from the 0.05 drop a window needs.
        int firedAt = -1;
        for (int w = 300; w < 400 && firedAt < 0; w++) {
            List<AlertTransition> now = engine.evaluate(state, window(w, 0.885 + 0.015 * gaussian()));
            if (now.stream().anyMatch(t -> t.firing() && t.metric().equals(MetricName.AUC + Cusum.SUFFIX))) {
                firedAt = w - 300;
                assertThat(now).filteredOn(t -> t.firing()).singleElement().satisfies(t -> assertThat(t.message())
                        .startsWith("CUSUM of the shortfall of AUC (standard errors, over windows) is ")
                        .contains("1,000 labeled events, vs its reference, window after window"));
            }
            raised.addAll(now);
        }
        assertThat(firedAt).as("windows after the shift").isBetween(5, 60);
        assertThat(raised).noneMatch(t -> t.metric().equals(MetricName.AUC));
    }

    private WindowReport window(int w, double auc) {
        MetricValue value = new MetricValue(MetricKind.PERFORMANCE, MetricName.AUC, null, null, auc, 0.90, 1_000, 0.015);
        return new WindowReport("fraud", "1", w * 60_000L, (w + 1) * 60_000L, 0, List.of(value), 0);
    }

    private double meanRunLength(double shift, int runs) {
        long total = 0;
        for (int r = 0; r < runs; r++) {
            double sum = 0;
            long n = 0;
            do {
                n++;
                sum = Cusum.next(sum, shift + gaussian());
            } while (sum <= Cusum.THRESHOLD);
            total += n;
        }
        return total / (double) runs;
    }

    private double gaussian() {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }
}
