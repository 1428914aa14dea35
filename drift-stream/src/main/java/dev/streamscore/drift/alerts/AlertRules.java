package dev.streamscore.drift.alerts;

import static dev.streamscore.drift.alerts.Direction.ABOVE;
import static dev.streamscore.drift.alerts.Direction.ABS_ABOVE;
import static dev.streamscore.drift.alerts.Direction.BELOW;
import static dev.streamscore.drift.alerts.Direction.DROP_FROM_BASELINE;
import static dev.streamscore.drift.alerts.Direction.P_VALUE;
import static dev.streamscore.drift.alerts.Direction.RISE_FROM_BASELINE;

import dev.streamscore.drift.metrics.MetricName;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The rule for every metric, with defaults from the field, overridable per metric and per feature
 * with {@code alert.<metric>.<attribute>} and {@code alert.<metric>.<feature>.<attribute>}
 * settings (attribute: warning, critical, min-sample, enabled). Metrics without a rule are
 * written to drift-metrics and raise nothing.
 */
public final class AlertRules {
    /** Windows with fewer events (or labeled pairs) than this are too noisy to judge. */
    public static final long DEFAULT_MIN_SAMPLE = 200;
    /**
     * The JS distance of two samples of the same distribution is not 0 but about
     * sqrt((k - 1) / (8 n ln 2)) for k bins and n events (the chi-square approximation of the JS
     * divergence): 0.08 for the 20 score bins at 500 events, which a stationary stream then pushes
     * past 0.1 every few windows (measured in DriftClusterIT). From 1,000 events it is 0.06 and below.
     */
    public static final long JS_MIN_SAMPLE = 1_000;
    /**
     * Evidently applies the normalized Wasserstein distance only when the sample has more than
     * 1,000 objects and tests with KS below that. Its sampling noise falls as 1/sqrt(n): a
     * stationary segment of about 200 events a window read 0.146 (DriftScenarioIT), so below
     * 1,000 events the KS p-value judges numeric drift.
     */
    public static final long WASSERSTEIN_MIN_SAMPLE = 1_000;

    private static final String PSI_SOURCE = "PSI rule of thumb from credit scoring: < 0.1 stable, 0.1-0.25 moderate "
            + "shift, > 0.25 major shift (Siddiqi, Credit Risk Scorecards, 2006; Yurdakul, 2018)";
    private static final String EVIDENTLY_DISTANCE = "Evidently's default drift threshold for this distance (0.1); "
            + "NannyML uses the same distances";
    private static final String P_VALUE_SOURCE = "conventional 5 % significance, Evidently's default for its "
            + "statistical tests; evaluated only up to the p-value sample limit and after Benjamini-Hochberg";
    private static final String STREAMSCORE = "StreamScore default (no field standard): a share large enough to be a "
            + "pipeline fault rather than noise";
    private static final String AIF360 = "AIF360 reads a statistical parity / equal opportunity difference within "
            + "+-0.1 as fair";
    private static final String ABSOLUTE_GAP = "; off by default (opt-in): a gap the groups already had when the model was "
            + "validated fires on every window, so the default rules judge the change from the holdout's gap";
    private static final String BIAS_CREEP = "AIF360's +-0.1 read as a change from the same groups on the holdout (the "
            + "card's fairness section); groups with fewer than min-group-size trials in the window or the holdout "
            + "take no part, and the change must also be beyond 1.645 standard errors";
    private static final String CBPE = "the thresholds of the realized metric, applied to the estimate from calibrated "
            + "scores (NannyML's CBPE); off by default (opt-in): the estimate is as good as the card's calibration and "
            + "cannot see concept drift";
    private static final String ESTIMATE_GAP = "StreamScore default: realized minus estimated on the same labeled pairs; "
            + "a gap this large means the scores no longer mean what they meant at validation (concept drift); off by "
            + "default (opt-in)";
    private static final String SEQUENTIAL = "Page's CUSUM (1954) on the window's shortfall in standard errors, allowance "
            + "0.5, threshold 8: one false alarm in about 16,000 windows per series, a persistent 1-standard-error shift "
            + "caught in about 17 windows (simulated)";
    private static final String FOUR_FIFTHS = "the four-fifths rule (US EEOC Uniform Guidelines, 1978)";
    private static final String PERFORMANCE = "StreamScore default (no field standard; NannyML derives bounds from "
            + "the reference period's spread): an absolute drop from the holdout value";

    private final Map<String, AlertRule> byMetric;
    private final Map<String, AlertRule> byMetricAndFeature;

    private AlertRules(Map<String, AlertRule> byMetric, Map<String, AlertRule> byMetricAndFeature) {
        this.byMetric = byMetric;
        this.byMetricAndFeature = byMetricAndFeature;
    }

    public static AlertRules defaults() {
        return withOverrides(Map.of(), DEFAULT_MIN_SAMPLE);
    }

    /**
     * The defaults with {@code overrides} applied; keys may carry the {@code alert.} prefix or not.
     * An unknown metric or attribute fails with the key named. {@code minSample} replaces the
     * default minimum sample of every rule (before the overrides).
     */
    public static AlertRules withOverrides(Map<String, String> overrides, long minSample) {
        Map<String, AlertRule> rules = new LinkedHashMap<>();
        for (AlertRule rule : defaultRules(minSample)) {
            rules.put(rule.metric(), rule);
        }
        Map<String, AlertRule> featureRules = new TreeMap<>();
        // Metric-level settings first, so a feature override starts from the configured metric rule.
        Map<String, String> sorted = new TreeMap<>((a, b) -> {
            int byDepth = Integer.compare(depth(a), depth(b));
            return byDepth != 0 ? byDepth : a.compareTo(b);
        });
        sorted.putAll(overrides);
        for (Map.Entry<String, String> entry : sorted.entrySet()) {
            String key = entry.getKey().startsWith("alert.") ? entry.getKey() : "alert." + entry.getKey();
            String[] parts = key.substring("alert.".length()).split("\\.", -1);
            if (parts.length < 2) {
                throw new IllegalArgumentException("Invalid alert setting '" + key
                        + "': use alert.<metric>[.<feature>].(warning|critical|min-sample|enabled)");
            }
            String metric = parts[0];
            String attribute = parts[parts.length - 1];
            AlertRule base = rules.get(metric);
            if (base == null) {
                throw new IllegalArgumentException("Unknown metric in alert setting '" + key + "'. Metrics with rules: "
                        + rules.keySet());
            }
            String value = entry.getValue() == null ? "" : entry.getValue().trim();
            if (parts.length == 2) {
                rules.put(metric, base.with(attribute, value, key));
            } else {
                String feature = String.join(".", Arrays.copyOfRange(parts, 1, parts.length - 1));
                String featureKey = metric + "\u0000" + feature;
                AlertRule current = featureRules.getOrDefault(featureKey, rules.get(metric).forFeature(feature));
                featureRules.put(featureKey, current.with(attribute, value, key));
            }
        }
        return new AlertRules(Map.copyOf(rules), Map.copyOf(featureRules));
    }

    /** The rule for a metric of a feature (a feature override if there is one), or null. */
    public AlertRule find(String metric, String feature) {
        if (feature != null) {
            AlertRule specific = byMetricAndFeature.get(metric + "\u0000" + feature);
            if (specific != null) {
                return specific;
            }
        }
        return byMetric.get(metric);
    }

    /** Every metric-level rule, for documentation and logging. */
    public Collection<AlertRule> all() {
        return byMetric.values();
    }

    /**
     * The sequential rule of a metric compared with a reference: its {@link Cusum} in standard errors
     * above {@link Cusum#THRESHOLD}; the window minimum is the metric's own (a window too small for
     * the metric adds nothing to the sum).
     */
    private static AlertRule cusum(String metric) {
        return new AlertRule(metric + Cusum.SUFFIX, null, ABOVE, Cusum.THRESHOLD, Double.NaN, 0, true, SEQUENTIAL);
    }

    private static int depth(String key) {
        return key.split("\\.").length;
    }

    private static AlertRule[] defaultRules(long n) {
        double none = Double.NaN;
        return new AlertRule[] {
            new AlertRule(MetricName.PSI, null, ABOVE, 0.1, 0.25, n, true, PSI_SOURCE),
            new AlertRule(MetricName.JS_DISTANCE, null, ABOVE, 0.1, none, Math.max(n, JS_MIN_SAMPLE), true,
                    EVIDENTLY_DISTANCE + "; judged from " + JS_MIN_SAMPLE + " events, below which sampling noise alone "
                            + "brings it near 0.1"),
            new AlertRule(MetricName.WASSERSTEIN_NORM, null, ABOVE, 0.1, none, Math.max(n, WASSERSTEIN_MIN_SAMPLE), true,
                    EVIDENTLY_DISTANCE + "; judged from " + WASSERSTEIN_MIN_SAMPLE + " events as in Evidently, which "
                            + "uses the KS test below that"),
            new AlertRule(MetricName.KS_PVALUE, null, P_VALUE, 0.05, none, n, true, P_VALUE_SOURCE),
            new AlertRule(MetricName.CHI2_PVALUE, null, P_VALUE, 0.05, none, n, true, P_VALUE_SOURCE),
            new AlertRule(MetricName.LABEL_RATE_PVALUE, null, P_VALUE, 0.05, none, n, true, P_VALUE_SOURCE),
            new AlertRule(MetricName.LINF, null, ABOVE, 0.1, none, n, false,
                    "TFDV's comparator for categorical features; TFDV has no default threshold (its guide's example "
                            + "uses 0.01), so off by default: PSI, JS and chi-square cover categorical drift"),
            new AlertRule(MetricName.KS_STATISTIC, null, ABOVE, 0.1, none, n, false, "off by default: ks_pvalue alerts"),
            new AlertRule(MetricName.AUC, null, DROP_FROM_BASELINE, 0.05, 0.10, n, true, PERFORMANCE),
            new AlertRule(MetricName.LOG_LOSS, null, RISE_FROM_BASELINE, 0.1, none, n, false, PERFORMANCE),
            new AlertRule(MetricName.BRIER, null, RISE_FROM_BASELINE, 0.05, none, n, false, PERFORMANCE),
            new AlertRule(MetricName.ACCURACY, null, DROP_FROM_BASELINE, 0.05, none, n, false, PERFORMANCE),
            new AlertRule(MetricName.PRECISION, null, DROP_FROM_BASELINE, 0.1, none, n, false, PERFORMANCE),
            new AlertRule(MetricName.RECALL, null, DROP_FROM_BASELINE, 0.1, none, n, false, PERFORMANCE),
            new AlertRule(MetricName.ESTIMATED_AUC, null, DROP_FROM_BASELINE, 0.05, 0.10, n, false, CBPE),
            new AlertRule(MetricName.ESTIMATED_ACCURACY, null, DROP_FROM_BASELINE, 0.05, none, n, false, CBPE),
            new AlertRule(MetricName.ESTIMATED_PRECISION, null, DROP_FROM_BASELINE, 0.1, none, n, false, CBPE),
            new AlertRule(MetricName.ESTIMATED_RECALL, null, DROP_FROM_BASELINE, 0.1, none, n, false, CBPE),
            new AlertRule(MetricName.AUC_ESTIMATE_GAP, null, ABS_ABOVE, 0.1, none, n, false, ESTIMATE_GAP),
            new AlertRule(MetricName.ACCURACY_ESTIMATE_GAP, null, ABS_ABOVE, 0.05, none, n, false, ESTIMATE_GAP),
            cusum(MetricName.AUC),
            cusum(MetricName.RECALL_VS_HOLDOUT),
            cusum(MetricName.DEMOGRAPHIC_PARITY_GAP_VS_HOLDOUT),
            cusum(MetricName.EQUAL_OPPORTUNITY_GAP_VS_HOLDOUT),
            new AlertRule(MetricName.MISSING_RATE_DELTA, null, ABS_ABOVE, 0.05, 0.2, n, true, STREAMSCORE),
            new AlertRule(MetricName.OUT_OF_RANGE_SHARE, null, ABOVE, 0.05, 0.2, n, true, STREAMSCORE),
            new AlertRule(MetricName.UNSEEN_CATEGORY_SHARE, null, ABOVE, 0.05, 0.2, n, true, STREAMSCORE),
            new AlertRule(MetricName.TYPE_MISMATCH_SHARE, null, ABOVE, 0.01, 0.1, n, true, STREAMSCORE),
            new AlertRule(MetricName.DEMOGRAPHIC_PARITY_GAP, null, ABOVE, 0.1, none, n, false, AIF360 + ABSOLUTE_GAP),
            new AlertRule(MetricName.EQUAL_OPPORTUNITY_GAP, null, ABOVE, 0.1, none, n, false, AIF360 + ABSOLUTE_GAP),
            new AlertRule(MetricName.DEMOGRAPHIC_PARITY_GAP_VS_HOLDOUT, null, RISE_FROM_BASELINE, 0.1, none, 0, true,
                    BIAS_CREEP),
            new AlertRule(MetricName.EQUAL_OPPORTUNITY_GAP_VS_HOLDOUT, null, RISE_FROM_BASELINE, 0.1, none, 0, true,
                    BIAS_CREEP),
            new AlertRule(MetricName.RECALL_VS_HOLDOUT, null, DROP_FROM_BASELINE, 0.1, none, 0, true, BIAS_CREEP),
            new AlertRule(MetricName.DISPARATE_IMPACT_RATIO, null, BELOW, 0.8, none, n, false, FOUR_FIFTHS
                    + "; off by default: a ratio of small positive rates (fraud-like base rates) swings widely from "
                    + "window to window, the demographic parity gap is the steadier signal"),
        };
    }
}
