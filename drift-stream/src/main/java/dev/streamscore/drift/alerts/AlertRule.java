package dev.streamscore.drift.alerts;

import java.util.Objects;

/**
 * When one metric breaches: its direction, a warning and an optional critical threshold, the
 * minimum sample a window needs before the rule is evaluated at all, and whether it is on.
 *
 * @param metric    the MonitorMetric.metric it watches
 * @param feature   the feature it is specific to (an override), or null for every feature
 * @param direction how value and thresholds compare
 * @param warning   threshold for WARNING
 * @param critical  threshold for CRITICAL; NaN for none
 * @param minSample windows with a smaller sample are neither breaches nor recoveries
 * @param enabled   off: the metric is still written to drift-metrics, it just raises nothing
 * @param source    where the default comes from (documentation, shown in the README)
 */
public record AlertRule(String metric, String feature, Direction direction, double warning, double critical,
        long minSample, boolean enabled, String source) {

    public AlertRule {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(direction, "direction");
        if (Double.isNaN(warning)) {
            throw new IllegalArgumentException("alert." + metric + ".warning must be a number");
        }
        if (minSample < 0) {
            throw new IllegalArgumentException("alert." + metric + ".min-sample must be >= 0, was " + minSample);
        }
    }

    /** The rule's name in Alert.rule: the metric, or metric.feature for a per-feature override. */
    public String name() {
        return feature == null ? metric : metric + "." + feature;
    }

    /**
     * The value a threshold is compared with: the value itself, its magnitude, or its distance from
     * the baseline (NaN when the rule needs a baseline and there is none).
     */
    public double compared(double value, Double baseline) {
        return switch (direction) {
            case ABOVE, BELOW, P_VALUE -> value;
            case ABS_ABOVE -> Math.abs(value);
            case DROP_FROM_BASELINE -> baseline == null ? Double.NaN : baseline - value;
            case RISE_FROM_BASELINE -> baseline == null ? Double.NaN : value - baseline;
        };
    }

    /** The severity {@code compared} breaches, or null when it breaches neither threshold. */
    public AlertSeverity severityOf(double compared) {
        if (Double.isNaN(compared)) {
            return null;
        }
        if (!Double.isNaN(critical) && breaches(compared, critical)) {
            return AlertSeverity.CRITICAL;
        }
        return breaches(compared, warning) ? AlertSeverity.WARNING : null;
    }

    public double threshold(AlertSeverity severity) {
        return severity == AlertSeverity.CRITICAL ? critical : warning;
    }

    private boolean breaches(double compared, double threshold) {
        return switch (direction) {
            case BELOW, P_VALUE -> compared < threshold;
            default -> compared > threshold;
        };
    }

    AlertRule with(String attribute, String value, String key) {
        try {
            return switch (attribute) {
                case "warning" -> new AlertRule(metric, feature, direction, Double.parseDouble(value), critical, minSample,
                        enabled, "configured");
                case "critical" -> new AlertRule(metric, feature, direction, warning,
                        value.isBlank() || value.equalsIgnoreCase("none") ? Double.NaN : Double.parseDouble(value),
                        minSample, enabled, "configured");
                case "min-sample" -> new AlertRule(metric, feature, direction, warning, critical, Long.parseLong(value),
                        enabled, source);
                case "enabled" -> new AlertRule(metric, feature, direction, warning, critical, minSample,
                        parseBoolean(value, key), source);
                default -> throw new IllegalArgumentException("Unknown alert setting '" + key
                        + "': use alert.<metric>[.<feature>].(warning|critical|min-sample|enabled)");
            };
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number, was '" + value + "'", e);
        }
    }

    AlertRule forFeature(String name) {
        return new AlertRule(metric, name, direction, warning, critical, minSample, enabled, source);
    }

    private static boolean parseBoolean(String value, String key) {
        if (!value.trim().equalsIgnoreCase("true") && !value.trim().equalsIgnoreCase("false")) {
            throw new IllegalArgumentException(key + " must be true or false, was '" + value + "'");
        }
        return Boolean.parseBoolean(value.trim());
    }
}
