package dev.streamscore.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamscore.avro.ModelRole;
import dev.streamscore.avro.MonitorMetric;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LiveJudgeTest {
    private static final Instant SINCE = Instant.parse("2026-12-04T10:00:00Z");
    private static final Duration WINDOW = Duration.ofMinutes(1);
    private static final Rollout SHADOW = new Rollout("fraud", "2", "1", ModelRole.SHADOW, SINCE, "/models/fraud-2");
    private static final RolloutSettings SETTINGS = new RolloutSettings(3, 0.02, 0.6, 100, 0.25);

    @Test
    void promotesOnceThreeWindowsOfBothVersionsShowTheCandidateNoWorse() {
        LiveJudge judge = new LiveJudge(SHADOW, SETTINGS);
        // The candidate is worse than the champion in one window by more than the margin, better on the mean.
        assertThat(judge.offer(auc("1", 0, 0.80)).verdict()).isEqualTo(LiveJudge.Verdict.WAIT);
        assertThat(judge.offer(auc("2", 0, 0.75)).verdict()).isEqualTo(LiveJudge.Verdict.WAIT);
        assertThat(judge.offer(auc("2", 1, 0.86)).verdict()).isEqualTo(LiveJudge.Verdict.WAIT);
        assertThat(judge.offer(auc("1", 1, 0.80)).verdict()).isEqualTo(LiveJudge.Verdict.WAIT);
        assertThat(judge.offer(auc("2", 2, 0.84)).verdict()).as("the champion's third window is not in yet")
                .isEqualTo(LiveJudge.Verdict.WAIT);
        LiveJudge.Decision d = judge.offer(auc("1", 2, 0.80));

        assertThat(d.verdict()).isEqualTo(LiveJudge.Verdict.PROMOTE);
        assertThat(d.reasons()).isEmpty();
        assertThat(d.figures().get("candidate_live_auc")).isCloseTo(0.8167, org.assertj.core.data.Offset.offset(1e-4));
        assertThat(d.figures().get("champion_live_auc")).isCloseTo(0.80, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(d.figures()).containsEntry("live_windows", 3.0).containsEntry("candidate_live_labels", 1_500.0);
        assertThat(d.first()).isEqualTo(SINCE);
        assertThat(d.last()).isEqualTo(SINCE.plus(WINDOW.multipliedBy(3)));
    }

    @Test
    void rollsBackWhenTheMeanIsBelowTheChampionsByMoreThanTheMargin() {
        LiveJudge judge = new LiveJudge(SHADOW, SETTINGS);
        for (int w = 0; w < 2; w++) {
            judge.offer(auc("1", w, 0.85));
            assertThat(judge.offer(auc("2", w, 0.82)).verdict()).isEqualTo(LiveJudge.Verdict.WAIT);
        }
        judge.offer(auc("1", 2, 0.85));
        LiveJudge.Decision d = judge.offer(auc("2", 2, 0.83));

        assertThat(d.verdict()).isEqualTo(LiveJudge.Verdict.ROLL_BACK);
        assertThat(d.reasons()).singleElement().asString().contains("0.8233", "0.0200", "0.8500", "3 windows");
    }

    @Test
    void rollsBackAtOnceWhenOneWindowOfTheCandidateIsBelowTheFloor() {
        LiveJudge judge = new LiveJudge(SHADOW, SETTINGS);
        LiveJudge.Decision d = judge.offer(auc("2", 0, 0.55));

        assertThat(d.verdict()).isEqualTo(LiveJudge.Verdict.ROLL_BACK);
        assertThat(d.reasons()).singleElement().asString().contains("0.5500", "below min-live-auc 0.6000");
        assertThat(d.candidateLabels()).isEqualTo(500);
    }

    @Test
    void judgesOnlyTheFirstWholeTrafficAucOfWindowsOfThisStepWithEnoughLabels() {
        LiveJudge judge = new LiveJudge(SHADOW, SETTINGS);
        MonitorMetric beforeTheStep = auc("2", -1, 0.10);
        MonitorMetric segment = withSegment(auc("2", 0, 0.10));
        MonitorMetric otherMetric = auc("2", 0, 0.10);
        otherMetric.setMetric("log_loss");
        MonitorMetric fewLabels = auc("2", 0, 0.10);
        fewLabels.setSampleSize(99);
        MonitorMetric otherModel = auc("2", 0, 0.10);
        otherModel.setModelName("churn");
        MonitorMetric retired = auc("0", 0, 0.10);
        for (MonitorMetric ignored : new MonitorMetric[] {beforeTheStep, segment, otherMetric, fewLabels, otherModel,
                retired, auc("2", 0, Double.NaN)}) {
            assertThat(judge.offer(ignored).verdict()).as(ignored.toString()).isEqualTo(LiveJudge.Verdict.WAIT);
        }
        for (int w = 0; w < 3; w++) {
            judge.offer(auc("1", w, 0.80));
            MonitorMetric revision = auc("2", w, 0.10);
            revision.setRevision(1);
            assertThat(judge.offer(revision).verdict()).as("a revision is not the window's first result")
                    .isEqualTo(LiveJudge.Verdict.WAIT);
        }
        for (int w = 0; w < 3; w++) {
            judge.offer(auc("2", w, 0.80));
        }
        assertThat(judge.offer(auc("2", 3, 0.80)).verdict()).as("decided on the third window already")
                .isEqualTo(LiveJudge.Verdict.PROMOTE);
    }

    private static MonitorMetric withSegment(MonitorMetric m) {
        m.setSegment("channel=web");
        return m;
    }

    static MonitorMetric auc(String version, int window, double value) {
        Instant start = SINCE.plus(WINDOW.multipliedBy(window));
        return MonitorMetric.newBuilder().setModelName("fraud").setModelVersion(version).setWindowStart(start)
                .setWindowEnd(start.plus(WINDOW)).setKind("performance").setMetric("auc").setValue(value)
                .setSampleSize(500).setComputedTime(start.plus(WINDOW)).setRevision(0).setProvisional(true).build();
    }
}
