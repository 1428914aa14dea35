package dev.streamscore.lifecycle;

import dev.streamscore.avro.MonitorMetric;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Judges one step of a rollout on drift-stream's performance windows: the first result (revision 0,
 * provisional or final) of each window's whole-traffic AUC for the candidate and for the champion,
 * for windows that start at or after the step began (event time, so live traffic whose event time
 * follows the clock). A window counts for a version with at least {@code min-labels} labeled pairs.
 * The candidate is rolled back as soon as one window's AUC is below the floor; once
 * {@code windows} windows have both versions, the means over those decide: promoted when the
 * candidate's is at least the champion's minus the margin, rolled back otherwise. Means over several
 * windows, not a window-by-window race, because one window's AUC moves by a few hundredths on its
 * own (see the README's detection report).
 */
final class LiveJudge {
    static final String KIND = "performance";
    static final String METRIC = "auc";

    enum Verdict { WAIT, PROMOTE, ROLL_BACK }

    /**
     * @param figures what the verdict rests on (candidate_live_auc, champion_live_auc, live_windows, ...)
     * @param first   start of the first window it rests on (null for WAIT)
     * @param last    end of the last window it rests on (null for WAIT)
     */
    record Decision(Verdict verdict, List<String> reasons, Map<String, Double> figures, Instant first, Instant last,
            long candidateLabels) {
        static final Decision WAIT = new Decision(Verdict.WAIT, List.of(), Map.of(), null, null, 0);
    }

    /** One window's first AUC of each version (NaN until it comes) and their labeled pairs. */
    private static final class Window {
        final Instant end;
        double candidate = Double.NaN;
        double champion = Double.NaN;
        long candidateLabels;
        long championLabels;

        Window(Instant end) {
            this.end = end;
        }

        boolean complete() {
            return !Double.isNaN(candidate) && !Double.isNaN(champion);
        }
    }

    private final Rollout rollout;
    private final RolloutSettings settings;
    private final TreeMap<Instant, Window> windows = new TreeMap<>();

    LiveJudge(Rollout rollout, RolloutSettings settings) {
        this.rollout = rollout;
        this.settings = settings;
    }

    Rollout rollout() {
        return rollout;
    }

    /** Takes one drift-metrics record; anything not about this step's windows is ignored. */
    Decision offer(MonitorMetric m) {
        boolean candidate = m.getModelVersion().equals(rollout.candidate());
        if (!m.getModelName().equals(rollout.model()) || !(candidate || m.getModelVersion().equals(rollout.champion()))
                || !KIND.equals(m.getKind()) || !METRIC.equals(m.getMetric()) || m.getFeature() != null
                || m.getSegment() != null || m.getRevision() != 0 || m.getWindowStart().isBefore(rollout.since())
                || Double.isNaN(m.getValue()) || m.getSampleSize() < settings.minLabels()) {
            return Decision.WAIT;
        }
        Window w = windows.computeIfAbsent(m.getWindowStart(), start -> new Window(m.getWindowEnd()));
        if (candidate && Double.isNaN(w.candidate)) {
            w.candidate = m.getValue();
            w.candidateLabels = m.getSampleSize();
            if (m.getValue() < settings.minAuc()) {
                return new Decision(Verdict.ROLL_BACK, List.of(String.format(Locale.ROOT,
                        "live AUC %.4f of %s@%s in the window from %s (%d labeled pairs) is below min-live-auc %.4f",
                        m.getValue(), rollout.model(), rollout.candidate(), m.getWindowStart(), m.getSampleSize(),
                        settings.minAuc())),
                        Map.of("candidate_live_auc", m.getValue(), "min_live_auc", settings.minAuc(),
                                "candidate_live_labels", (double) m.getSampleSize()),
                        m.getWindowStart(), m.getWindowEnd(), m.getSampleSize());
            }
        } else if (!candidate && Double.isNaN(w.champion)) {
            w.champion = m.getValue();
            w.championLabels = m.getSampleSize();
        }
        return judge();
    }

    private Decision judge() {
        List<Map.Entry<Instant, Window>> complete = new ArrayList<>();
        for (Map.Entry<Instant, Window> e : windows.entrySet()) {
            if (e.getValue().complete() && complete.size() < settings.windows()) {
                complete.add(e);
            }
        }
        if (complete.size() < settings.windows()) {
            return Decision.WAIT;
        }
        double candidate = 0;
        double champion = 0;
        long candidateLabels = 0;
        long championLabels = 0;
        for (Map.Entry<Instant, Window> e : complete) {
            candidate += e.getValue().candidate;
            champion += e.getValue().champion;
            candidateLabels += e.getValue().candidateLabels;
            championLabels += e.getValue().championLabels;
        }
        candidate /= complete.size();
        champion /= complete.size();
        boolean promote = candidate >= champion - settings.maxAucDrop();
        Map<String, Double> figures = Map.of("candidate_live_auc", candidate, "champion_live_auc", champion,
                "max_live_auc_drop", settings.maxAucDrop(), "live_windows", (double) complete.size(),
                "candidate_live_labels", (double) candidateLabels, "champion_live_labels", (double) championLabels);
        List<String> reasons = promote ? List.of() : List.of(String.format(Locale.ROOT,
                "mean live AUC %.4f of %s@%s over %d windows is more than max-live-auc-drop %.4f below the champion's %.4f",
                candidate, rollout.model(), rollout.candidate(), complete.size(), settings.maxAucDrop(), champion));
        return new Decision(promote ? Verdict.PROMOTE : Verdict.ROLL_BACK, reasons, figures, complete.get(0).getKey(),
                complete.get(complete.size() - 1).getValue().end, candidateLabels);
    }
}
