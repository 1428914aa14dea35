package dev.streamscore.drift.window;

import dev.streamscore.drift.baseline.Baseline;
import dev.streamscore.drift.metrics.MetricKind;
import dev.streamscore.drift.metrics.MetricName;
import dev.streamscore.drift.metrics.MetricValue;
import dev.streamscore.drift.stats.BinnedRoc;
import dev.streamscore.drift.stats.GroupGaps;
import dev.streamscore.drift.stats.ProportionTest;
import dev.streamscore.model.card.BinaryMetrics;
import dev.streamscore.model.card.Fairness;
import dev.streamscore.model.stats.StandardErrors;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The metrics of a closed {@link PerformanceWindow}, compared with the card's holdout metrics:
 * AUC (binned, see {@link BinnedRoc}), log loss, Brier score, accuracy, precision and recall at the
 * decision threshold; label coverage and late labels; label drift (label rate vs the training
 * label rate, with a z-test p-value); realized minus estimated accuracy and AUC on the same pairs
 * ({@link ExpectedOutcomes}: a large gap is a sign of concept drift); and per segment field the recall of each group and the
 * equal-opportunity gap across groups with enough labeled positives, and both against the same
 * groups on the card's holdout ({@link GroupsVsHoldout}).
 */
public final class PerformanceWindowMetrics {
    private final WindowLimits limits;

    public PerformanceWindowMetrics(WindowLimits limits) {
        this.limits = limits;
    }

    public List<MetricValue> evaluate(PerformanceWindow w, Baseline baseline) {
        List<MetricValue> out = new ArrayList<>();
        BinaryMetrics holdout = baseline == null ? null : baseline.card().holdout();
        long seen = w.labeled() + w.unlabeled();
        if (seen > 0) {
            out.add(MetricValue.of(MetricKind.PERFORMANCE, MetricName.LABEL_COVERAGE, w.labeled() / (double) seen, seen));
        }
        if (w.late() > 0 || w.labeled() > 0) {
            out.add(MetricValue.of(MetricKind.PERFORMANCE, MetricName.LATE_LABELS, w.late(), w.labeled() + w.late()));
        }
        long n = w.labeled();
        if (n == 0) {
            return out;
        }
        double auc = BinnedRoc.auc(w.positiveScores(), w.negativeScores());
        out.add(perf(MetricName.AUC, auc, n, holdout == null ? null : holdout.auc())
                .withStandardError(aucDropError(auc, w.positives(), n - w.positives(), holdout)));
        out.add(perf(MetricName.LOG_LOSS, w.logLossSum() / n, n, holdout == null ? null : holdout.logLoss()));
        out.add(perf(MetricName.BRIER, w.brierSum() / n, n, holdout == null ? null : holdout.brier()));
        out.add(perf(MetricName.ACCURACY, (w.truePositives() + w.trueNegatives()) / (double) n, n,
                holdout == null ? null : holdout.accuracy()));
        long decidedPositive = w.truePositives() + w.falsePositives();
        out.add(perf(MetricName.PRECISION, decidedPositive == 0 ? Double.NaN : w.truePositives() / (double) decidedPositive,
                n, holdout == null ? null : holdout.precision()));
        out.add(perf(MetricName.RECALL, w.positives() == 0 ? Double.NaN : w.truePositives() / (double) w.positives(), n,
                holdout == null ? null : holdout.recall()));

        ExpectedOutcomes expected = w.expected();
        if (expected.events() == n) {
            // Only when every labeled pair had a calibration: otherwise the two figures count different pairs.
            out.add(MetricValue.of(MetricKind.PERFORMANCE, MetricName.ACCURACY_ESTIMATE_GAP,
                    (w.truePositives() + w.trueNegatives()) / (double) n - expected.accuracy(), n));
            out.add(MetricValue.of(MetricKind.PERFORMANCE, MetricName.AUC_ESTIMATE_GAP, auc - expected.auc(), n));
        }

        Double trainingRate = baseline == null || baseline.card().profile() == null ? null
                : baseline.card().profile().labelRate();
        out.add(new MetricValue(MetricKind.LABEL_DRIFT, MetricName.LABEL_RATE, null, null, w.positives() / (double) n,
                trainingRate, n));
        if (trainingRate != null) {
            out.add(new MetricValue(MetricKind.LABEL_DRIFT, MetricName.LABEL_RATE_PVALUE, null, null,
                    ProportionTest.twoSidedPValue(w.positives(), n, trainingRate), trainingRate, n));
        }
        bias(w, baseline, out);
        return out;
    }

    private void bias(PerformanceWindow w, Baseline baseline, List<MetricValue> out) {
        Fairness fairness = baseline == null ? null : baseline.card().fairnessOrEmpty();
        w.segments().fields().forEach((field, groups) -> {
            List<GroupGaps.GroupRate> recalls = new ArrayList<>();
            Map<String, GroupGaps.GroupRate> live = new TreeMap<>();
            Map<String, Long> events = new TreeMap<>();
            long eligible = 0;
            for (Map.Entry<String, GroupCounts> group : groups.entrySet()) {
                GroupCounts c = group.getValue();
                if (c.positiveLabels() == 0) {
                    continue;
                }
                live.put(group.getKey(), new GroupGaps.GroupRate(c.truePositives(), c.positiveLabels()));
                events.put(group.getKey(), c.events());
                double recall = c.truePositives() / (double) c.positiveLabels();
                out.add(new MetricValue(MetricKind.BIAS, MetricName.RECALL, null, field + "=" + group.getKey(), recall,
                        null, c.positiveLabels()));
                if (c.positiveLabels() >= limits.minGroupSize()) {
                    recalls.add(new GroupGaps.GroupRate(c.truePositives(), c.positiveLabels()));
                    eligible += c.events();
                }
            }
            if (recalls.size() >= 2) {
                GroupGaps.Gap gap = GroupGaps.widest(recalls);
                out.add(new MetricValue(MetricKind.BIAS, MetricName.EQUAL_OPPORTUNITY_GAP, null, field,
                        gap.value(), null, eligible, gap.standardError()));
            }
            if (fairness != null) {
                Map<String, GroupGaps.GroupRate> holdout = new TreeMap<>();
                fairness.groups(field).forEach((value, g) ->
                        holdout.put(value, new GroupGaps.GroupRate(g.truePositives(), g.positives())));
                GroupsVsHoldout.compare(field, live, holdout, limits.minGroupSize(), MetricName.RECALL_VS_HOLDOUT,
                        MetricName.EQUAL_OPPORTUNITY_GAP_VS_HOLDOUT, events, out);
            }
        });
    }

    /**
     * The standard error of (holdout AUC - window AUC): both are estimates, from the window's
     * labeled pairs and from the holdout set, and with fraud-like base rates both rest on few positives.
     */
    private static double aucDropError(double auc, long positives, long negatives, BinaryMetrics holdout) {
        double live = StandardErrors.auc(auc, positives, negatives);
        if (holdout == null) {
            return live;
        }
        double reference = StandardErrors.auc(holdout.auc(), holdout.positives(), holdout.examples() - holdout.positives());
        return Double.isNaN(reference) ? live : Math.sqrt(live * live + reference * reference);
    }

    /** A performance value compared with its holdout value (none when the holdout's is null or NaN). */
    static MetricValue perf(String metric, double value, long n, Double holdout) {
        return new MetricValue(MetricKind.PERFORMANCE, metric, null, null, value,
                holdout == null || Double.isNaN(holdout) ? null : holdout, n);
    }
}
