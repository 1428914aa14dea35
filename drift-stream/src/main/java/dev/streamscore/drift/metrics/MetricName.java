package dev.streamscore.drift.metrics;

/** Names of MonitorMetric.metric; the README's Monitoring section describes each. */
public final class MetricName {
    public static final String PSI = "psi";
    public static final String JS_DISTANCE = "js_distance";
    public static final String WASSERSTEIN_NORM = "wasserstein_norm";
    public static final String KS_STATISTIC = "ks_statistic";
    public static final String KS_PVALUE = "ks_pvalue";
    public static final String LINF = "linf";
    public static final String CHI2_PVALUE = "chi2_pvalue";

    public static final String POSITIVE_RATE = "positive_rate";
    public static final String LABEL_RATE = "label_rate";
    public static final String LABEL_RATE_PVALUE = "label_rate_pvalue";

    public static final String AUC = "auc";
    public static final String LOG_LOSS = "log_loss";
    public static final String BRIER = "brier";
    public static final String ACCURACY = "accuracy";
    public static final String PRECISION = "precision";
    public static final String RECALL = "recall";
    public static final String LABEL_COVERAGE = "label_coverage";
    public static final String LATE_LABELS = "late_labels";
    /** Estimated from the calibrated scores when the served window closes (CBPE), before any label. */
    public static final String ESTIMATED_ACCURACY = "estimated_accuracy";
    public static final String ESTIMATED_PRECISION = "estimated_precision";
    public static final String ESTIMATED_RECALL = "estimated_recall";
    public static final String ESTIMATED_AUC = "estimated_auc";
    /** Realized minus estimated, on a performance window's labeled pairs: a large gap signals concept drift. */
    public static final String ACCURACY_ESTIMATE_GAP = "accuracy_estimate_gap";
    public static final String AUC_ESTIMATE_GAP = "auc_estimate_gap";

    public static final String MISSING_RATE_DELTA = "missing_rate_delta";
    public static final String OUT_OF_RANGE_SHARE = "out_of_range_share";
    public static final String UNSEEN_CATEGORY_SHARE = "unseen_category_share";
    public static final String TYPE_MISMATCH_SHARE = "type_mismatch_share";

    public static final String DEMOGRAPHIC_PARITY_GAP = "demographic_parity_gap";
    public static final String DISPARATE_IMPACT_RATIO = "disparate_impact_ratio";
    public static final String EQUAL_OPPORTUNITY_GAP = "equal_opportunity_gap";
    /** The demographic parity gap of the groups also in the card's holdout figures; baseline: the holdout's gap. */
    public static final String DEMOGRAPHIC_PARITY_GAP_VS_HOLDOUT = "demographic_parity_gap_vs_holdout";
    /** The equal-opportunity gap of the groups also in the card's holdout figures; baseline: the holdout's gap. */
    public static final String EQUAL_OPPORTUNITY_GAP_VS_HOLDOUT = "equal_opportunity_gap_vs_holdout";
    /** One group's recall; baseline: the same group's recall on the holdout. */
    public static final String RECALL_VS_HOLDOUT = "recall_vs_holdout";

    /** Events a window counted: predictions (served window), predictions with a final outcome (performance window). */
    public static final String EVENTS = "events";
    /** Labeled pairs a performance window counted. */
    public static final String LABELED_PAIRS = "labeled_pairs";
    /** Of a window's events, how many arrived after it closed and were merged into a revision. */
    public static final String LATE_EVENTS = "late_events";

    private MetricName() {
    }
}
