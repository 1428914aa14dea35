package dev.streamscore.lifecycle;

import dev.streamscore.avro.MonitorMetric;
import dev.streamscore.model.stats.StandardErrors;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Judges one step of a rollout on drift-stream's performance windows: the first result (revision 0,
 * provisional or final) of each window's whole-traffic AUC for the candidate and for the champion,
 * with the window's label rate for how many of its labeled pairs were positive, for windows that
 * start at or after the step began (event time, so live traffic whose event time follows the clock).
 * A window counts for a version with at least {@code min-labels} labeled pairs and both classes.
 *
 * <p>A window's AUC is only as precise as its positives are many (Hanley and McNeil's standard
 * error): with fraud-like base rates a challenger's 10-second window holds a dozen positives and its
 * AUC moves by ±0.15 on its own. So every verdict is a one-sided test at {@link #Z}: the candidate is
 * rolled back when its AUC over its windows so far is below {@code min-auc} with that confidence,
 * or, once {@code windows} windows have both versions, when the mean difference to the champion is
 * below {@code -max-auc-drop} with that confidence; it is promoted when the difference is above
 * {@code -max-auc-drop} with that confidence (non-inferiority). In between it waits for more
 * windows, and after {@code max-windows} windows without a verdict it is rolled back, so that the
 * champion, which needs no proof, keeps serving. The two versions' errors are added as if their
 * windows were independent; as a shadow the candidate scores the champion's events, whose shared
 * noise that overstates, so the test errs on the side of waiting.
 */
final class LiveJudge {
    static final String KIND = "performance";
    static final String METRIC = "auc";
    static final String LABEL_KIND = "label_drift";
    static final String LABEL_METRIC = "label_rate";
    /** One-sided 95 %: the normal quantile every verdict is taken at. */
    static final double Z = 1.6449;

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

    /** One version's first result in one window: its AUC and label rate, NaN until each comes. */
    private static final class Side {
        double auc = Double.NaN;
        double labelRate = Double.NaN;
        long labels;

        boolean known() {
            return !Double.isNaN(auc) && !Double.isNaN(labelRate) && Double.isFinite(error());
        }

        long positives() {
            return Math.round(labelRate * labels);
        }

        double error() {
            return StandardErrors.auc(auc, positives(), labels - positives());
        }
    }

    private record Window(Instant start, Instant end, Side candidate, Side champion) {
        Window(Instant start, Instant end) {
            this(start, end, new Side(), new Side());
        }
    }

    /** A mean over windows and its standard error. */
    private record Estimate(double mean, double error, int windows, long labels, long positives) {
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
        boolean auc = KIND.equals(m.getKind()) && METRIC.equals(m.getMetric());
        boolean labelRate = LABEL_KIND.equals(m.getKind()) && LABEL_METRIC.equals(m.getMetric());
        if (!m.getModelName().equals(rollout.model()) || !(candidate || m.getModelVersion().equals(rollout.champion()))
                || !(auc || labelRate) || m.getFeature() != null || m.getSegment() != null || m.getRevision() != 0
                || m.getWindowStart().isBefore(rollout.since()) || Double.isNaN(m.getValue())
                || m.getSampleSize() < settings.minLabels()) {
            return Decision.WAIT;
        }
        Window w = windows.computeIfAbsent(m.getWindowStart(), start -> new Window(start, m.getWindowEnd()));
        Side side = candidate ? w.candidate() : w.champion();
        if (auc && Double.isNaN(side.auc)) {
            side.auc = m.getValue();
            side.labels = m.getSampleSize();
        } else if (labelRate && Double.isNaN(side.labelRate)) {
            side.labelRate = m.getValue();
            side.labels = m.getSampleSize();
        } else {
            return Decision.WAIT;
        }
        if (candidate && side.known()) {
            Decision floor = belowFloor();
            if (floor != null) {
                return floor;
            }
        }
        return judge();
    }

    /** Rolls back when the candidate's AUC over all its windows so far is below min-auc with confidence. */
    private Decision belowFloor() {
        List<Window> known = windows.values().stream().filter(w -> w.candidate().known()).toList();
        Estimate c = estimate(known.stream().map(Window::candidate).toList());
        if (c.mean() + Z * c.error() >= settings.minAuc()) {
            return null;
        }
        return new Decision(Verdict.ROLL_BACK, List.of(String.format(Locale.ROOT,
                "live AUC %.4f ± %.4f of %s@%s over %d windows (%d labeled pairs, %d positive) is below min-live-auc %.4f",
                c.mean(), Z * c.error(), rollout.model(), rollout.candidate(), c.windows(), c.labels(), c.positives(),
                settings.minAuc())),
                Map.of("candidate_live_auc", c.mean(), "candidate_live_auc_error", c.error(),
                        "min_live_auc", settings.minAuc(), "live_windows", (double) c.windows(),
                        "candidate_live_labels", (double) c.labels()),
                known.get(0).start(), known.get(known.size() - 1).end(), c.labels());
    }

    private Decision judge() {
        List<Window> complete = windows.values().stream().filter(w -> w.candidate().known() && w.champion().known())
                .limit(settings.maxWindows()).toList();
        if (complete.size() < settings.windows()) {
            return Decision.WAIT;
        }
        Estimate c = estimate(complete.stream().map(Window::candidate).toList());
        Estimate h = estimate(complete.stream().map(Window::champion).toList());
        double difference = c.mean() - h.mean();
        double error = Math.hypot(c.error(), h.error());
        Verdict verdict;
        String reason = null;
        if (difference - Z * error >= -settings.maxAucDrop()) {
            verdict = Verdict.PROMOTE;
        } else if (difference + Z * error < -settings.maxAucDrop()) {
            verdict = Verdict.ROLL_BACK;
            reason = String.format(Locale.ROOT, "mean live AUC %.4f of %s@%s over %d windows is more than "
                    + "max-live-auc-drop %.4f below the champion's %.4f (difference %.4f ± %.4f)",
                    c.mean(), rollout.model(), rollout.candidate(), c.windows(), settings.maxAucDrop(), h.mean(),
                    difference, Z * error);
        } else if (complete.size() >= settings.maxWindows()) {
            verdict = Verdict.ROLL_BACK;
            reason = String.format(Locale.ROOT, "mean live AUC %.4f of %s@%s over %d windows (max-live-windows) is "
                    + "not shown to be within max-live-auc-drop %.4f of the champion's %.4f (difference %.4f ± %.4f)",
                    c.mean(), rollout.model(), rollout.candidate(), c.windows(), settings.maxAucDrop(), h.mean(),
                    difference, Z * error);
        } else {
            return Decision.WAIT;
        }
        Map<String, Double> figures = Map.of("candidate_live_auc", c.mean(), "champion_live_auc", h.mean(),
                "live_auc_difference_error", error, "max_live_auc_drop", settings.maxAucDrop(),
                "live_windows", (double) complete.size(), "candidate_live_labels", (double) c.labels(),
                "champion_live_labels", (double) h.labels(), "candidate_live_positives", (double) c.positives(),
                "champion_live_positives", (double) h.positives());
        return new Decision(verdict, reason == null ? List.of() : List.of(reason), figures,
                complete.get(0).start(), complete.get(complete.size() - 1).end(), c.labels());
    }

    /** The mean AUC over the windows, and its error: each window's error, added in quadrature, over their count. */
    private static Estimate estimate(List<Side> sides) {
        double sum = 0;
        double variance = 0;
        long labels = 0;
        long positives = 0;
        for (Side s : sides) {
            sum += s.auc;
            variance += s.error() * s.error();
            labels += s.labels;
            positives += s.positives();
        }
        int n = sides.size();
        return new Estimate(sum / n, Math.sqrt(variance) / n, n, labels, positives);
    }
}
