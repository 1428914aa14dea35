package dev.streamscore.drift.window;

import static dev.streamscore.drift.stats.DistributionDistances.proportions;

import dev.streamscore.drift.baseline.Baseline;
import dev.streamscore.drift.metrics.MetricKind;
import dev.streamscore.drift.metrics.MetricName;
import dev.streamscore.drift.metrics.MetricValue;
import dev.streamscore.drift.stats.BinnedDistributions;
import dev.streamscore.drift.stats.ChiSquareTest;
import dev.streamscore.drift.stats.DistributionDistances;
import dev.streamscore.drift.stats.GroupGaps;
import dev.streamscore.model.card.BinaryMetrics;
import dev.streamscore.model.card.Fairness;
import dev.streamscore.model.card.FeatureProfile;
import dev.streamscore.model.card.Histogram;
import dev.streamscore.model.card.SegmentProfile;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Set;

/**
 * The metrics of a closed {@link ServedWindow} against the model version's baseline:
 * <ul>
 *   <li>data drift per numeric feature: PSI, Jensen-Shannon distance, normalized Wasserstein
 *       distance (divided by the training standard deviation, Evidently's normalization; by the
 *       training IQR when the std is 0; outer bins closed at the training 1st/99th percentiles), KS
 *       statistic and p-value, all on the histogram against the training histogram on the same
 *       edges;</li>
 *   <li>the same data drift metrics per segment ({@code field=value}) that the training profile
 *       profiles on its own, against that segment's training profile, labeled with the segment;</li>
 *   <li>data drift per categorical feature: PSI, Jensen-Shannon, L-infinity, chi-square p-value on
 *       the category shares (categories beyond the cap and unseen ones count with a training share
 *       of 0);</li>
 *   <li>skew: missing-rate change vs training, share outside the training [min, max], share of
 *       unseen categories, share of values of the wrong type;</li>
 *   <li>prediction drift: PSI and Jensen-Shannon of the score histogram vs the holdout scores, and
 *       the positive-decision rate;</li>
 *   <li>estimated performance (CBPE, {@link ExpectedOutcomes}): accuracy, precision, recall and AUC
 *       expected from the calibrated scores, against the holdout's, before any label arrives;</li>
 *   <li>bias: positive-decision rate per segment group, and per segment field the demographic
 *       parity gap and disparate impact ratio across groups with enough events, and the gap
 *       against the same groups' gap on the card's holdout ({@link GroupsVsHoldout}).</li>
 * </ul>
 * Without a baseline only the baseline-free metrics are produced.
 */
public final class ServedWindowMetrics {
    private final WindowLimits limits;

    public ServedWindowMetrics(WindowLimits limits) {
        this.limits = limits;
    }

    public List<MetricValue> evaluate(ServedWindow window, Baseline baseline) {
        List<MetricValue> out = new ArrayList<>();
        if (baseline != null) {
            window.numeric().forEach((name, counts) -> numeric(name, null, counts, baseline.feature(name), out));
            window.categorical().forEach((name, counts) -> categorical(name, null, counts, baseline.feature(name), out));
            window.segmentFeatures().forEach((segment, counts) -> segmentDrift(segment, counts, baseline, out));
        }
        predictionDrift(window, baseline, out);
        estimatedPerformance(window.expected(), baseline, out);
        bias(window, baseline, out);
        return out;
    }

    /** CBPE: the window's performance expected from its calibrated scores, compared with the holdout's. */
    private static void estimatedPerformance(ExpectedOutcomes expected, Baseline baseline, List<MetricValue> out) {
        long n = expected.events();
        if (n == 0) {
            return;
        }
        BinaryMetrics holdout = baseline == null ? null : baseline.card().holdout();
        out.add(PerformanceWindowMetrics.perf(MetricName.ESTIMATED_ACCURACY, expected.accuracy(), n,
                holdout == null ? null : holdout.accuracy()));
        out.add(PerformanceWindowMetrics.perf(MetricName.ESTIMATED_PRECISION, expected.precision(), n,
                holdout == null ? null : holdout.precision()));
        out.add(PerformanceWindowMetrics.perf(MetricName.ESTIMATED_RECALL, expected.recall(), n,
                holdout == null ? null : holdout.recall()));
        out.add(PerformanceWindowMetrics.perf(MetricName.ESTIMATED_AUC, expected.auc(), n,
                holdout == null ? null : holdout.auc()));
    }

    /**
     * Data drift of one segment's features against the segment's own training profile (skew is
     * judged on the whole: a pipeline bug shows there, and per segment it would only repeat).
     */
    private void segmentDrift(String segment, FeatureCounts counts, Baseline baseline, List<MetricValue> out) {
        int eq = segment.indexOf('=');
        SegmentProfile profile = eq < 0 ? null
                : baseline.profile().segment(segment.substring(0, eq), segment.substring(eq + 1));
        if (profile == null) {
            return; // the baseline changed mid-window and no longer profiles this segment
        }
        counts.numeric().forEach((name, live) -> numeric(name, segment, live, profile.features().get(name), out));
        counts.categorical().forEach((name, live) -> categorical(name, segment, live, profile.features().get(name), out));
    }

    private static void numeric(String name, String segment, NumericFeatureCounts live, FeatureProfile profile,
            List<MetricValue> out) {
        if (profile == null) {
            return;
        }
        long n = live.present();
        if (segment == null) {
            skew(name, live.total(), live.missing(), live.typeMismatch(), profile, out);
        }
        if (segment == null && n > 0 && !Double.isNaN(live.trainMin())) {
            out.add(new MetricValue(MetricKind.SKEW, MetricName.OUT_OF_RANGE_SHARE, name, null,
                    live.outOfRange() / (double) n, null, n));
        }
        Histogram training = profile.histogram();
        if (n == 0 || training == null || !Arrays.equals(training.edges(), live.edges())) {
            return; // no values, or the baseline changed its edges mid-window: nothing comparable
        }
        long[] expected = training.counts();
        long[] actual = live.counts();
        double[] e = proportions(expected);
        double[] a = proportions(actual);
        String moved = DriftExplanation.numeric(name, live.edges(), e, a);
        out.add(drift(MetricName.PSI, name, segment, DistributionDistances.psi(e, a), n).withDetail(moved));
        out.add(drift(MetricName.JS_DISTANCE, name, segment, DistributionDistances.jensenShannon(e, a), n).withDetail(moved));
        // The open outer bins are closed at the training 1st and 99th percentiles, not at the sample
        // extremes: decile bins cannot say where in a heavy tail the values lie, and closing the top
        // bin at a maximum of thousands made a stationary window of lognormal amounts read 0.1-0.4.
        // The result is the distance between the two distributions winsorized there, a lower bound
        // of the unbinned one; values beyond the training range are the skew metrics' business.
        double lower = tail(profile, "p01", profile.min(), live.liveMin());
        double upper = tail(profile, "p99", profile.max(), live.liveMax());
        double scale = scale(profile);
        double wasserstein = BinnedDistributions.wasserstein(live.edges(), expected, actual, lower, upper);
        out.add(drift(MetricName.WASSERSTEIN_NORM, name, segment, scale > 0 ? wasserstein / scale : Double.NaN, n)
                .withDetail(moved));
        double ks = BinnedDistributions.ksStatistic(expected, actual);
        out.add(drift(MetricName.KS_STATISTIC, name, segment, ks, n).withDetail(moved));
        out.add(drift(MetricName.KS_PVALUE, name, segment, BinnedDistributions.ksPValue(ks, n, training.total()), n)
                .withDetail(moved));
    }

    private void categorical(String name, String segment, CategoricalFeatureCounts live, FeatureProfile profile,
            List<MetricValue> out) {
        if (profile == null) {
            return;
        }
        if (segment == null) {
            skew(name, live.total(), live.missing(), live.typeMismatch(), profile, out);
        }
        long n = live.present();
        if (n == 0 || profile.frequencies() == null || profile.frequencies().isEmpty()) {
            return;
        }
        if (segment == null) {
            out.add(new MetricValue(MetricKind.SKEW, MetricName.UNSEEN_CATEGORY_SHARE, name, null,
                    live.unseen() / (double) n, null, n));
        }
        Set<String> categories = new LinkedHashSet<>(profile.frequencies().keySet());
        categories.addAll(live.counts().keySet());
        if (live.overflow() > 0) {
            categories.add(CategoricalFeatureCounts.OTHER);
        }
        Map<String, Long> counts = live.counts();
        double[] baseShares = new double[categories.size()];
        double[] liveCounts = new double[categories.size()];
        int i = 0;
        for (String category : categories) {
            baseShares[i] = profile.frequencies().getOrDefault(category, 0.0);
            liveCounts[i] = CategoricalFeatureCounts.OTHER.equals(category) && !counts.containsKey(category)
                    ? live.overflow() : counts.getOrDefault(category, 0L);
            i++;
        }
        double[] e = DistributionDistances.proportions(baseShares);
        double[] a = DistributionDistances.proportions(liveCounts);
        String moved = DriftExplanation.categorical(name, List.copyOf(categories), e, a);
        out.add(drift(MetricName.PSI, name, segment, DistributionDistances.psi(e, a), n).withDetail(moved));
        out.add(drift(MetricName.JS_DISTANCE, name, segment, DistributionDistances.jensenShannon(e, a), n).withDetail(moved));
        out.add(drift(MetricName.LINF, name, segment, DistributionDistances.lInfinity(e, a), n).withDetail(moved));
        // The training sample's category counts, rebuilt from its shares and size.
        double trainingPresent = profile.count() * (1 - profile.missingRate());
        double pValue = Double.NaN;
        if (trainingPresent > 0) {
            double[] baseCounts = new double[e.length];
            for (int k = 0; k < e.length; k++) {
                baseCounts[k] = e[k] * trainingPresent;
            }
            pValue = ChiSquareTest.homogeneity(baseCounts, liveCounts).pValue();
        }
        out.add(drift(MetricName.CHI2_PVALUE, name, segment, pValue, n).withDetail(moved));
    }

    private static void skew(String name, long total, long missing, long typeMismatch, FeatureProfile profile,
            List<MetricValue> out) {
        if (total == 0) {
            return;
        }
        out.add(new MetricValue(MetricKind.SKEW, MetricName.MISSING_RATE_DELTA, name, null,
                missing / (double) total - profile.missingRate(), profile.missingRate(), total));
        out.add(new MetricValue(MetricKind.SKEW, MetricName.TYPE_MISMATCH_SHARE, name, null,
                typeMismatch / (double) total, null, total));
    }

    private static void predictionDrift(ServedWindow window, Baseline baseline, List<MetricValue> out) {
        long n = window.count();
        if (n == 0) {
            return;
        }
        out.add(MetricValue.of(MetricKind.PREDICTION_DRIFT, MetricName.POSITIVE_RATE,
                window.positiveDecisions() / (double) n, n));
        Histogram holdout = baseline == null ? null : baseline.profile().scoreHistogram();
        if (holdout == null || !Arrays.equals(holdout.edges(), ServedWindow.SCORE_EDGES) || holdout.total() == 0) {
            return;
        }
        double[] e = proportions(holdout.counts());
        double[] a = proportions(window.scoreCounts());
        out.add(MetricValue.of(MetricKind.PREDICTION_DRIFT, MetricName.PSI, DistributionDistances.psi(e, a), n));
        out.add(MetricValue.of(MetricKind.PREDICTION_DRIFT, MetricName.JS_DISTANCE,
                DistributionDistances.jensenShannon(e, a), n));
    }

    private void bias(ServedWindow window, Baseline baseline, List<MetricValue> out) {
        Fairness fairness = baseline == null ? null : baseline.card().fairnessOrEmpty();
        window.segments().fields().forEach((field, groups) -> {
            List<Double> rates = new ArrayList<>();
            List<GroupGaps.GroupRate> counts = new ArrayList<>();
            Map<String, GroupGaps.GroupRate> live = new TreeMap<>();
            Map<String, Long> events = new TreeMap<>();
            long eligible = 0;
            for (Map.Entry<String, GroupCounts> group : groups.entrySet()) {
                GroupCounts c = group.getValue();
                double rate = c.positiveDecisions() / (double) c.events();
                out.add(new MetricValue(MetricKind.BIAS, MetricName.POSITIVE_RATE, null, field + "=" + group.getKey(),
                        rate, null, c.events()));
                live.put(group.getKey(), new GroupGaps.GroupRate(c.positiveDecisions(), c.events()));
                events.put(group.getKey(), c.events());
                if (c.events() >= limits.minGroupSize()) {
                    rates.add(rate);
                    counts.add(new GroupGaps.GroupRate(c.positiveDecisions(), c.events()));
                    eligible += c.events();
                }
            }
            if (rates.size() >= 2) {
                GroupGaps.Gap gap = GroupGaps.widest(counts);
                out.add(new MetricValue(MetricKind.BIAS, MetricName.DEMOGRAPHIC_PARITY_GAP, null, field,
                        gap.value(), null, eligible, gap.standardError()));
                out.add(new MetricValue(MetricKind.BIAS, MetricName.DISPARATE_IMPACT_RATIO, null, field,
                        GroupGaps.ratio(rates), null, eligible));
            }
            if (fairness != null) {
                Map<String, GroupGaps.GroupRate> holdout = new TreeMap<>();
                fairness.groups(field).forEach((value, g) ->
                        holdout.put(value, new GroupGaps.GroupRate(g.positiveDecisions(), g.examples())));
                GroupsVsHoldout.compare(field, live, holdout, limits.minGroupSize(), null,
                        MetricName.DEMOGRAPHIC_PARITY_GAP_VS_HOLDOUT, events, out);
            }
        });
    }

    /** Evidently divides the Wasserstein distance by the reference std; IQR when the std is 0 or unknown. */
    static double scale(FeatureProfile profile) {
        if (profile.std() != null && profile.std() > 0) {
            return profile.std();
        }
        Map<String, Double> q = profile.quantiles();
        if (q != null && q.get("p75") != null && q.get("p25") != null) {
            return q.get("p75") - q.get("p25");
        }
        return Double.NaN;
    }

    private static MetricValue drift(String metric, String feature, String segment, double value, long n) {
        return new MetricValue(MetricKind.DATA_DRIFT, metric, feature, segment, value, null, n);
    }

    /** A training percentile, else the training extreme, else the live one. */
    private static double tail(FeatureProfile profile, String percentile, Double extreme, double live) {
        Double q = profile.quantiles() == null ? null : profile.quantiles().get(percentile);
        if (q != null && Double.isFinite(q)) {
            return q;
        }
        return extreme != null ? extreme : live;
    }
}
