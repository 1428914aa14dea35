package dev.streamscore.drift.alerts;

import dev.streamscore.drift.metrics.MetricKind;
import dev.streamscore.drift.metrics.MetricName;
import dev.streamscore.drift.metrics.MetricValue;
import dev.streamscore.drift.metrics.WindowReport;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/**
 * The sentence a person reads in an alert: which metric of which feature or segment, how far past
 * which threshold, for which model version and window, on how many events, compared with what.
 */
final class AlertMessages {
    private static final DateTimeFormatter DAY_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final Map<String, String> LABELS = Map.ofEntries(
            Map.entry(MetricName.PSI, "PSI"),
            Map.entry(MetricName.JS_DISTANCE, "Jensen-Shannon distance"),
            Map.entry(MetricName.WASSERSTEIN_NORM, "normalized Wasserstein distance"),
            Map.entry(MetricName.KS_STATISTIC, "KS statistic"),
            Map.entry(MetricName.KS_PVALUE, "KS test p-value"),
            Map.entry(MetricName.LINF, "L-infinity distance"),
            Map.entry(MetricName.CHI2_PVALUE, "chi-square test p-value"),
            Map.entry(MetricName.LABEL_RATE_PVALUE, "label-rate test p-value"),
            Map.entry(MetricName.AUC, "AUC"),
            Map.entry(MetricName.LOG_LOSS, "log loss"),
            Map.entry(MetricName.BRIER, "Brier score"),
            Map.entry(MetricName.ESTIMATED_AUC, "estimated AUC (from calibrated scores, before labels)"),
            Map.entry(MetricName.ESTIMATED_ACCURACY, "estimated accuracy (from calibrated scores, before labels)"),
            Map.entry(MetricName.ESTIMATED_PRECISION, "estimated precision (from calibrated scores, before labels)"),
            Map.entry(MetricName.ESTIMATED_RECALL, "estimated recall (from calibrated scores, before labels)"),
            Map.entry(MetricName.AUC_ESTIMATE_GAP, "realized minus estimated AUC"),
            Map.entry(MetricName.ACCURACY_ESTIMATE_GAP, "realized minus estimated accuracy"),
            Map.entry(MetricName.MISSING_RATE_DELTA, "missing-rate change"),
            Map.entry(MetricName.OUT_OF_RANGE_SHARE, "share of values outside the training range"),
            Map.entry(MetricName.UNSEEN_CATEGORY_SHARE, "share of categories never seen in training"),
            Map.entry(MetricName.TYPE_MISMATCH_SHARE, "share of values of the wrong type"),
            Map.entry(MetricName.DEMOGRAPHIC_PARITY_GAP, "demographic parity gap (spread of positive-decision rates)"),
            Map.entry(MetricName.EQUAL_OPPORTUNITY_GAP, "equal-opportunity gap (spread of recall)"),
            Map.entry(MetricName.DEMOGRAPHIC_PARITY_GAP_VS_HOLDOUT,
                    "demographic parity gap (spread of positive-decision rates)"),
            Map.entry(MetricName.EQUAL_OPPORTUNITY_GAP_VS_HOLDOUT, "equal-opportunity gap (spread of recall)"),
            Map.entry(MetricName.RECALL_VS_HOLDOUT, "recall"),
            Map.entry(MetricName.DISPARATE_IMPACT_RATIO, "disparate impact ratio (lowest over highest positive rate)"));

    private AlertMessages() {
    }

    static String firing(AlertRule rule, MetricValue m, double compared, AlertSeverity severity, WindowReport report,
            int streak, boolean escalated) {
        String lead = escalated ? "Escalated to " + severity.name().toLowerCase(Locale.ROOT) + ": " : "";
        return lead + label(m) + " is " + number(m.value()) + " (" + breach(rule, m, compared, severity) + ") for "
                + report.modelKey() + " in window " + window(report) + ", " + count(m.sampleSize()) + " "
                + sampleNoun(m) + ", vs " + reference(m) + "; breached " + streak + " window" + (streak == 1 ? "" : "s")
                + " in a row." + (m.detail() == null ? "" : " Moved most: " + m.detail() + ".");
    }

    static String resolved(AlertRule rule, MetricValue m, RuleState.OpenAlert open, WindowReport report, int cleanWindows) {
        return "Resolved: " + label(m) + " is " + number(m.value()) + ", within " + open.severity().name()
                .toLowerCase(Locale.ROOT) + " " + operator(rule) + " " + number(open.threshold()) + " for " + cleanWindows
                + " windows in a row, for " + report.modelKey() + " in window " + window(report) + ", "
                + count(m.sampleSize()) + " " + sampleNoun(m) + " (raised for the window starting "
                + DAY_TIME.format(Instant.ofEpochMilli(open.since())) + " UTC).";
    }

    static String idle(String model, String version, RuleState.OpenAlert open, long lastWindowEnd, long idleMs) {
        return "Resolved: " + model + "@" + version + " has had no window result for " + idleMs / 60_000
                + " min (its last window ended " + DAY_TIME.format(Instant.ofEpochMilli(lastWindowEnd))
                + " UTC): it no longer scores events (retired, replaced, or its traffic stopped), so its " + open.rule()
                + " alert (raised for the window starting " + DAY_TIME.format(Instant.ofEpochMilli(open.since()))
                + " UTC) is closed without a verdict on its metric.";
    }

    private static String breach(AlertRule rule, MetricValue m, double compared, AlertSeverity severity) {
        String level = severity.name().toLowerCase(Locale.ROOT);
        double threshold = rule.threshold(severity);
        return switch (rule.direction()) {
            case ABOVE, BELOW -> level + " " + operator(rule) + " " + number(threshold);
            case ABS_ABOVE -> level + " when |change| > " + number(threshold);
            case DROP_FROM_BASELINE -> number(compared) + " below the reference " + number(m.baseline()) + "; " + level
                    + " when the drop > " + number(threshold);
            case RISE_FROM_BASELINE -> number(compared) + " above the reference " + number(m.baseline()) + "; " + level
                    + " when the rise > " + number(threshold);
            case P_VALUE -> "Benjamini-Hochberg adjusted " + number(compared) + " < " + number(threshold);
        };
    }

    private static String operator(AlertRule rule) {
        return switch (rule.direction()) {
            case BELOW, P_VALUE -> "<";
            default -> ">";
        };
    }

    private static String label(MetricValue m) {
        if (m.metric().endsWith(Cusum.SUFFIX)) {
            return "CUSUM of the shortfall of " + label(summed(m)) + " (standard errors, over windows)";
        }
        String name = LABELS.getOrDefault(m.metric(), m.metric().replace('_', ' '));
        if (m.feature() != null) {
            return name + " of " + m.feature() + (m.segment() == null ? "" : " in " + m.segment());
        }
        if (m.segment() != null) {
            return name + (m.segment().contains("=") ? " in " : " across ") + m.segment();
        }
        return name + (MetricKind.PREDICTION_DRIFT.equals(m.kind()) ? " of the score" : "");
    }

    private static String reference(MetricValue m) {
        if (m.metric().endsWith(Cusum.SUFFIX)) {
            return "its reference, window after window (a small persistent shift)";
        }
        return switch (m.kind()) {
            case MetricKind.PERFORMANCE -> m.baseline() == null ? "no holdout value" : "the holdout value " + number(m.baseline());
            case MetricKind.LABEL_DRIFT -> "the training label rate" + (m.baseline() == null ? "" : " " + number(m.baseline()));
            case MetricKind.SKEW -> "training" + (m.baseline() == null ? "" : " (" + number(m.baseline()) + ")");
            case MetricKind.BIAS -> m.baseline() == null ? "equal treatment across groups"
                    : "the same groups on the holdout (" + number(m.baseline()) + ")";
            default -> "the training baseline";
        };
    }

    private static String sampleNoun(MetricValue m) {
        if (m.metric().endsWith(Cusum.SUFFIX)) {
            return sampleNoun(summed(m));
        }
        if (m.metric().startsWith("estimated_")) {
            return "events";
        }
        return MetricKind.PERFORMANCE.equals(m.kind()) || MetricKind.LABEL_DRIFT.equals(m.kind())
                || MetricName.EQUAL_OPPORTUNITY_GAP.equals(m.metric())
                || MetricName.EQUAL_OPPORTUNITY_GAP_VS_HOLDOUT.equals(m.metric()) ? "labeled events"
                : MetricName.RECALL_VS_HOLDOUT.equals(m.metric()) ? "labeled positives" : "events";
    }

    /** The metric a CUSUM value sums (its name without the suffix), for naming it in a message. */
    private static MetricValue summed(MetricValue sum) {
        String source = sum.metric().substring(0, sum.metric().length() - Cusum.SUFFIX.length());
        return new MetricValue(sum.kind(), source, sum.feature(), sum.segment(), sum.value(), sum.baseline(),
                sum.sampleSize());
    }

    static String window(WindowReport report) {
        Instant start = Instant.ofEpochMilli(report.windowStart());
        Instant end = Instant.ofEpochMilli(report.windowEnd());
        boolean sameDay = start.atZone(ZoneOffset.UTC).toLocalDate().equals(end.minusMillis(1).atZone(ZoneOffset.UTC).toLocalDate());
        return DAY_TIME.format(start) + "-" + (sameDay ? TIME.format(end) : DAY_TIME.format(end)) + " UTC";
    }

    static String number(Double value) {
        if (value == null) {
            return "n/a";
        }
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return String.valueOf(value);
        }
        if (value != 0 && Math.abs(value) < 1e-4) {
            return String.format(Locale.ROOT, "%.2e", value);
        }
        return new BigDecimal(value).round(new MathContext(3)).stripTrailingZeros().toPlainString();
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
