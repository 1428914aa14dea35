package dev.streamscore.lifecycle;

import dev.streamscore.avro.LabeledPrediction;
import dev.streamscore.model.bundle.ModelBundle;
import dev.streamscore.model.card.BinaryMetrics;
import dev.streamscore.model.features.FeatureVectorizer;
import dev.streamscore.model.features.FieldReader;
import dev.streamscore.model.tf.TfScorer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Judges a candidate on labeled pairs it was not trained on, against the champion on the same
 * events: the champion's figures come from the scores it actually served (on the pairs), the
 * candidate's from scoring the same served feature values. Checks, each with {@link GateSettings}:
 * an absolute AUC floor; AUC no worse than the champion's beyond a margin; Brier score no worse
 * beyond a margin; and per event attribute, the widest recall gap between groups with enough
 * positives no wider than the champion's beyond a margin.
 */
public final class CandidateGate {
    private static final int BATCH = 1_024;
    private final GateSettings settings;

    public CandidateGate(GateSettings settings) {
        this.settings = settings;
    }

    /**
     * @param pairs              the gate's labeled pairs
     * @param candidateScores    the candidate's score for each pair, in the same order
     * @param candidateThreshold the candidate's decision threshold
     */
    public GateReport judge(List<LabeledPrediction> pairs, float[] candidateScores, double candidateThreshold) {
        int n = pairs.size();
        if (candidateScores.length != n) {
            throw new IllegalArgumentException(n + " pairs but " + candidateScores.length + " candidate scores");
        }
        float[] labels = new float[n];
        float[] championScores = new float[n];
        double championThreshold = Double.NaN;
        for (int i = 0; i < n; i++) {
            LabeledPrediction p = pairs.get(i);
            labels[i] = p.getLabel().getLabel() > 0.5 ? 1f : 0f;
            championScores[i] = (float) p.getPrediction().getScore();
            if (p.getPrediction().getDecisionThreshold() != null) {
                championThreshold = p.getPrediction().getDecisionThreshold();
            }
        }
        if (Double.isNaN(championThreshold)) {
            championThreshold = 0.5;
        }
        BinaryMetrics champion = BinaryMetrics.of(championScores, labels, championThreshold);
        BinaryMetrics candidate = BinaryMetrics.of(candidateScores, labels, candidateThreshold);
        Map<String, Double> figures = new HashMap<>();
        put(figures, "champion", champion);
        put(figures, "candidate", candidate);
        figures.put("gate_examples", (double) n);
        figures.put("gate_positives", (double) champion.positives());

        List<String> reasons = new ArrayList<>();
        if (!(candidate.auc() >= settings.minAuc())) {
            reasons.add(String.format(Locale.ROOT, "candidate AUC %.4f is below the floor %.4f (min-auc)", candidate.auc(),
                    settings.minAuc()));
        }
        if (!(candidate.auc() >= champion.auc() - settings.maxAucDrop())) {
            reasons.add(String.format(Locale.ROOT, "candidate AUC %.4f is more than %.4f below the champion's %.4f (max-auc-drop)",
                    candidate.auc(), settings.maxAucDrop(), champion.auc()));
        }
        if (!(candidate.brier() <= champion.brier() + settings.maxBrierRise())) {
            reasons.add(String.format(Locale.ROOT, "candidate Brier score %.4f is more than %.4f above the champion's %.4f (max-brier-rise)",
                    candidate.brier(), settings.maxBrierRise(), champion.brier()));
        }
        for (String field : attributeFields(pairs)) {
            Double championGap = widestRecallGap(pairs, labels, championScores, championThreshold, field);
            Double candidateGap = widestRecallGap(pairs, labels, candidateScores, candidateThreshold, field);
            if (championGap == null || candidateGap == null) {
                continue;
            }
            figures.put("champion_recall_gap." + field, championGap);
            figures.put("candidate_recall_gap." + field, candidateGap);
            if (candidateGap > championGap + settings.maxRecallGapRise()) {
                reasons.add(String.format(Locale.ROOT,
                        "candidate's widest recall gap across %s is %.4f, more than %.4f above the champion's %.4f (max-recall-gap-rise)",
                        field, candidateGap, settings.maxRecallGapRise(), championGap));
            }
        }
        return new GateReport(reasons.isEmpty(), reasons, figures);
    }

    /** The candidate's scores for the gate's pairs: each pair's served values through its vectorizer and model. */
    public static float[] score(List<FieldReader> examples, ModelBundle candidate) {
        FeatureVectorizer vectorizer = candidate.vectorizer();
        int width = vectorizer.width();
        float[] scores = new float[examples.size()];
        float[] x = new float[BATCH * width];
        float[] out = new float[BATCH];
        try (TfScorer scorer = candidate.openScorer()) {
            for (int from = 0; from < examples.size(); from += BATCH) {
                int rows = Math.min(BATCH, examples.size() - from);
                for (int i = 0; i < rows; i++) {
                    vectorizer.vectorize(examples.get(from + i), x, i * width, null);
                }
                scorer.score(x, rows, out);
                System.arraycopy(out, 0, scores, from, rows);
            }
        }
        return scores;
    }

    private static void put(Map<String, Double> figures, String who, BinaryMetrics m) {
        figures.put(who + "_auc", m.auc());
        figures.put(who + "_log_loss", m.logLoss());
        figures.put(who + "_brier", m.brier());
        figures.put(who + "_recall", m.recall());
        figures.put(who + "_precision", m.precision());
        figures.put(who + "_threshold", m.threshold());
    }

    private static TreeSet<String> attributeFields(List<LabeledPrediction> pairs) {
        TreeSet<String> fields = new TreeSet<>();
        pairs.forEach(p -> fields.addAll(p.getPrediction().getAttributes().keySet()));
        return fields;
    }

    /** The widest gap between the recalls of the field's groups with enough positives; null with fewer than two. */
    private Double widestRecallGap(List<LabeledPrediction> pairs, float[] labels, float[] scores, double threshold,
            String field) {
        Map<String, long[]> groups = new TreeMap<>(); // positives, true positives
        for (int i = 0; i < pairs.size(); i++) {
            String group = pairs.get(i).getPrediction().getAttributes().get(field);
            if (group == null || labels[i] < 0.5f) {
                continue;
            }
            long[] c = groups.computeIfAbsent(group, g -> new long[2]);
            c[0]++;
            c[1] += scores[i] >= threshold ? 1 : 0;
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        int eligible = 0;
        for (long[] c : groups.values()) {
            if (c[0] >= settings.minGroupPositives()) {
                double recall = c[1] / (double) c[0];
                min = Math.min(min, recall);
                max = Math.max(max, recall);
                eligible++;
            }
        }
        return eligible < 2 ? null : max - min;
    }
}
