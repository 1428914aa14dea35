package dev.streamscore.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.streamscore.avro.ModelRole;
import dev.streamscore.avro.MonitorMetric;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LiveJudgeTest {
    private static final Instant SINCE = Instant.parse("2026-12-04T10:00:00Z");
    private static final Duration WINDOW = Duration.ofMinutes(1);
    private static final Rollout SHADOW = new Rollout("fraud", "2", "1", ModelRole.SHADOW, SINCE, "/models/fraud-2");
    private static final RolloutSettings SETTINGS = new RolloutSettings(3, 20, 0.02, 0.6, 100, 0.25);

    @Test
    void promotesOnceThreeWindowsOfBothVersionsShowTheCandidateNoWorse() {
        LiveJudge judge = new LiveJudge(SHADOW, SETTINGS);
        // 2,000 pairs, 200 positive, per window: the candidate is worse than the champion in one window
        // by more than the margin, better on the mean, and no worse with 95 % confidence.
        assertThat(offer(judge, "1", 0, 0.80, 2_000, 0.1)).isEqualTo(LiveJudge.Verdict.WAIT);
        assertThat(offer(judge, "2", 0, 0.75, 2_000, 0.1)).isEqualTo(LiveJudge.Verdict.WAIT);
        assertThat(offer(judge, "2", 1, 0.86, 2_000, 0.1)).isEqualTo(LiveJudge.Verdict.WAIT);
        assertThat(offer(judge, "1", 1, 0.80, 2_000, 0.1)).isEqualTo(LiveJudge.Verdict.WAIT);
        assertThat(offer(judge, "2", 2, 0.84, 2_000, 0.1)).as("the champion's third window is not in yet")
                .isEqualTo(LiveJudge.Verdict.WAIT);
        judge.offer(auc("1", 2, 0.80, 2_000));
        LiveJudge.Decision d = judge.offer(rate("1", 2, 0.1, 2_000));

        assertThat(d.verdict()).isEqualTo(LiveJudge.Verdict.PROMOTE);
        assertThat(d.reasons()).isEmpty();
        assertThat(d.figures().get("candidate_live_auc")).isCloseTo(0.8167, within(1e-4));
        assertThat(d.figures().get("champion_live_auc")).isCloseTo(0.80, within(1e-9));
        assertThat(d.figures()).containsEntry("live_windows", 3.0).containsEntry("candidate_live_labels", 6_000.0)
                .containsEntry("candidate_live_positives", 600.0);
        // Hanley and McNeil per window (0.0175-0.0204), in quadrature over three windows of each version.
        assertThat(d.figures().get("live_auc_difference_error")).isCloseTo(0.015414, within(1e-6));
        assertThat(d.first()).isEqualTo(SINCE);
        assertThat(d.last()).isEqualTo(SINCE.plus(WINDOW.multipliedBy(3)));
    }

    @Test
    void rollsBackWhenTheMeanIsBelowTheChampionsByMoreThanTheMarginWithConfidence() {
        LiveJudge judge = new LiveJudge(SHADOW, SETTINGS);
        for (int w = 0; w < 2; w++) {
            offer(judge, "1", w, 0.85, 5_000, 0.1);
            assertThat(offer(judge, "2", w, 0.80, 5_000, 0.1)).isEqualTo(LiveJudge.Verdict.WAIT);
        }
        offer(judge, "1", 2, 0.85, 5_000, 0.1);
        judge.offer(auc("2", 2, 0.80, 5_000));
        LiveJudge.Decision d = judge.offer(rate("2", 2, 0.1, 5_000));

        assertThat(d.verdict()).isEqualTo(LiveJudge.Verdict.ROLL_BACK);
        assertThat(d.reasons()).singleElement().asString().contains("0.8000", "0.0200", "0.8500", "3 windows",
                "difference -0.0500 ± 0.01");
    }

    @Test
    void aWindowWithADozenPositivesDecidesNothingOnItsOwn() {
        // A challenger's 10-second window of fraud-like traffic: 400 labeled pairs, 12 positive. Its
        // AUC is 0.55 here, below the floor, on noise alone (standard error 0.087).
        LiveJudge judge = new LiveJudge(SHADOW, SETTINGS);
        assertThat(offer(judge, "2", 0, 0.55, 400, 0.03)).as("not below the floor with confidence")
                .isEqualTo(LiveJudge.Verdict.WAIT);
        offer(judge, "1", 0, 0.80, 400, 0.03);
        for (int w = 1; w < 3; w++) {
            offer(judge, "2", w, 0.77, 400, 0.03);
            assertThat(offer(judge, "1", w, 0.80, 400, 0.03)).as("a mean 0.1 below the champion's, on 36 positives")
                    .isEqualTo(LiveJudge.Verdict.WAIT);
        }
    }

    @Test
    void rollsBackAtOnceWhenTheCandidateIsBelowTheFloorWithConfidence() {
        LiveJudge judge = new LiveJudge(SHADOW, SETTINGS);
        judge.offer(auc("2", 0, 0.40, 1_000));
        LiveJudge.Decision d = judge.offer(rate("2", 0, 0.1, 1_000));

        assertThat(d.verdict()).isEqualTo(LiveJudge.Verdict.ROLL_BACK);
        assertThat(d.reasons()).singleElement().asString().contains("0.4000", "1 windows", "100 positive",
                "below min-live-auc 0.6000");
        assertThat(d.candidateLabels()).isEqualTo(1_000);
    }

    @Test
    void rollsBackACandidateNotShownNoWorseWithinMaxLiveWindows() {
        LiveJudge judge = new LiveJudge(SHADOW, new RolloutSettings(3, 4, 0.02, 0.6, 100, 0.25));
        for (int w = 0; w < 3; w++) {
            offer(judge, "2", w, 0.79, 400, 0.03);
            assertThat(offer(judge, "1", w, 0.80, 400, 0.03)).isEqualTo(LiveJudge.Verdict.WAIT);
        }
        offer(judge, "2", 3, 0.79, 400, 0.03);
        judge.offer(auc("1", 3, 0.80, 400));
        LiveJudge.Decision d = judge.offer(rate("1", 3, 0.03, 400));

        assertThat(d.verdict()).isEqualTo(LiveJudge.Verdict.ROLL_BACK);
        assertThat(d.reasons()).singleElement().asString().contains("4 windows (max-live-windows)", "not shown");
    }

    @Test
    void judgesOnlyTheFirstWholeTrafficResultsOfWindowsOfThisStepWithEnoughLabels() {
        LiveJudge judge = new LiveJudge(SHADOW, SETTINGS);
        MonitorMetric beforeTheStep = auc("2", -1, 0.10, 1_000);
        MonitorMetric segment = auc("2", 0, 0.10, 1_000);
        segment.setSegment("channel=web");
        MonitorMetric otherMetric = auc("2", 0, 0.10, 1_000);
        otherMetric.setMetric("log_loss");
        MonitorMetric fewLabels = auc("2", 0, 0.10, 99);
        MonitorMetric otherModel = auc("2", 0, 0.10, 1_000);
        otherModel.setModelName("churn");
        MonitorMetric retired = auc("0", 0, 0.10, 1_000);
        for (MonitorMetric ignored : new MonitorMetric[] {beforeTheStep, segment, otherMetric, fewLabels, otherModel,
                retired, auc("2", 0, Double.NaN, 1_000)}) {
            judge.offer(ignored);
            assertThat(judge.offer(rate(ignored.getModelVersion(), 0, 0.1, 1_000)).verdict()).as(ignored.toString())
                    .isEqualTo(LiveJudge.Verdict.WAIT);
        }
        for (int w = 0; w < 3; w++) {
            offer(judge, "1", w, 0.80, 1_000, 0.1);
            MonitorMetric revision = auc("2", w, 0.10, 1_000);
            revision.setRevision(1);
            judge.offer(revision);
            assertThat(judge.offer(rate("2", w, 0.1, 1_000)).verdict()).as("a revision is not the window's first result")
                    .isEqualTo(LiveJudge.Verdict.WAIT);
        }
        for (int w = 0; w < 2; w++) {
            assertThat(judge.offer(auc("2", w, 0.85, 1_000)).verdict()).isEqualTo(LiveJudge.Verdict.WAIT);
        }
        assertThat(judge.offer(auc("2", 2, 0.85, 1_000)).verdict()).as("decided on the third window")
                .isEqualTo(LiveJudge.Verdict.PROMOTE);
    }

    /** Both records of one version's window; the verdict after the second. */
    private static LiveJudge.Verdict offer(LiveJudge judge, String version, int window, double auc, long labels,
            double positiveRate) {
        List<MonitorMetric> records = PerformanceWindows.of(version, start(window), WINDOW, auc, labels, positiveRate);
        judge.offer(records.get(0));
        return judge.offer(records.get(1)).verdict();
    }

    private static MonitorMetric auc(String version, int window, double value, long labels) {
        return PerformanceWindows.record(version, start(window), WINDOW, "performance", "auc", value, labels);
    }

    private static MonitorMetric rate(String version, int window, double value, long labels) {
        return PerformanceWindows.record(version, start(window), WINDOW, "label_drift", "label_rate", value, labels);
    }

    private static Instant start(int window) {
        return SINCE.plus(WINDOW.multipliedBy(window));
    }
}
