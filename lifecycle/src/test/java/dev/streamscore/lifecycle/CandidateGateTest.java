package dev.streamscore.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamscore.avro.LabeledPrediction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The gate on 6,000 pairs whose champion scores separate the classes (AUC about 0.95) in two
 * segments with equal recall.
 */
class CandidateGateTest {
    private static final double THRESHOLD = 0.5;
    private final SplittableRandom random = new SplittableRandom(11);
    private final List<LabeledPrediction> pairs = new ArrayList<>();
    private final CandidateGate gate = new CandidateGate(GateSettings.DEFAULTS);

    CandidateGateTest() {
        for (int i = 0; i < 6_000; i++) {
            boolean positive = random.nextDouble() < 0.2;
            double score = clamp((positive ? 0.68 : 0.32) + random.nextGaussian() * 0.15);
            pairs.add(Pairs.pair("m", "1", i, score, THRESHOLD, positive, Map.of(),
                    Map.of("segment", i % 2 == 0 ? "a" : "b"), Instant.ofEpochSecond(i)));
        }
    }

    @Test
    void aCandidateAsGoodAsTheChampionPassesAndTheReportCarriesBothModelsFigures() {
        GateReport report = gate.judge(pairs, candidate(0.0, null), THRESHOLD);
        assertThat(report.passed()).as(String.join("; ", report.reasons())).isTrue();
        assertThat(report.reasons()).isEmpty();
        assertThat(report.figures()).containsKeys("candidate_auc", "champion_auc", "candidate_brier", "champion_brier",
                "candidate_recall_gap.segment", "champion_recall_gap.segment");
        assertThat(report.figures().get("gate_examples")).isEqualTo(6_000.0);
        assertThat(report.figures().get("champion_auc")).isBetween(0.93, 0.97);
    }

    @Test
    void aCandidateThatLearnedNothingFailsTheFloorAndTheComparison() {
        float[] noise = new float[pairs.size()];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (float) random.nextDouble();
        }
        GateReport report = gate.judge(pairs, noise, THRESHOLD);
        assertThat(report.passed()).isFalse();
        assertThat(report.reasons()).anyMatch(r -> r.contains("(min-auc)")).anyMatch(r -> r.contains("(max-auc-drop)"));
        assertThat(report.figures().get("candidate_auc")).isBetween(0.45, 0.55);
    }

    @Test
    void aCandidateThatMissesOneSegmentsPositivesFailsTheBiasCheckEvenWithAGoodAuc() {
        // Sharper scores overall, but half of segment b's positives fall just below the threshold.
        GateReport report = gate.judge(pairs, candidate(0.1, "b"), THRESHOLD);
        assertThat(report.passed()).isFalse();
        assertThat(report.figures().get("candidate_auc")).isGreaterThan(report.figures().get("champion_auc"));
        assertThat(report.reasons()).singleElement().asString().contains("across segment").contains("(max-recall-gap-rise)");
        assertThat(report.figures().get("candidate_recall_gap.segment"))
                .isGreaterThan(report.figures().get("champion_recall_gap.segment") + 0.1);
    }

    /**
     * The champion's scores with a little noise, moved {@code sharpen} towards each pair's class, and
     * half of segment {@code hurt}'s positives pushed just below the threshold.
     */
    private float[] candidate(double sharpen, String hurt) {
        float[] scores = new float[pairs.size()];
        for (int i = 0; i < scores.length; i++) {
            LabeledPrediction p = pairs.get(i);
            boolean positive = p.getLabel().getLabel() > 0.5;
            double s = p.getPrediction().getScore() + (positive ? sharpen : -sharpen) + random.nextGaussian() * 0.02;
            if (hurt != null && hurt.equals(p.getPrediction().getAttributes().get("segment")) && positive
                    && s >= THRESHOLD && random.nextDouble() < 0.5) {
                s = THRESHOLD - 0.01;
            }
            scores[i] = (float) clamp(s);
        }
        return scores;
    }

    private static double clamp(double s) {
        return Math.max(0.001, Math.min(0.999, s));
    }
}
