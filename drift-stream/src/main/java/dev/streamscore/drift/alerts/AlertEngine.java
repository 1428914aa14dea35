package dev.streamscore.drift.alerts;

import dev.streamscore.drift.metrics.MetricValue;
import dev.streamscore.drift.metrics.WindowReport;
import dev.streamscore.drift.stats.BenjaminiHochberg;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a closed window's metrics into alert transitions, with the model version's
 * {@link AlertState} as memory. Per metric (model/kind/metric/feature/segment):
 * <ul>
 *   <li>A window is <em>unknown</em> (changes nothing) when its sample is below the rule's minimum,
 *       the value is NaN, or a p-value rule's sample is above the p-value sample limit.</li>
 *   <li>p-value rules compare the Benjamini-Hochberg adjusted p-value, adjusted across every
 *       feature's value of the same test in the window, with their threshold.</li>
 *   <li>A metric that carries a standard error (AUC, the group gaps) breaches only when it is past
 *       its threshold <em>and</em> at least {@link #MIN_Z} standard errors from "no change";
 *       past the threshold by noise alone, the window is unknown. An AUC from 25 positives moves
 *       by 0.05 from window to window; a threshold alone would page someone every few windows.</li>
 *   <li>{@code raiseAfter} consecutive breaching windows fire one alert (FIRING); while it is open
 *       nothing more is sent unless it escalates from WARNING to CRITICAL (FIRING again, same id).</li>
 *   <li>{@code clearAfter} consecutive clean windows resolve it (RESOLVED, same id); then the rule
 *       cannot fire again for {@code cooldown} of event time.</li>
 * </ul>
 * Windows with no traffic produce no report and so neither raise nor clear anything. Pure and
 * single-threaded: the caller stores the state.
 */
public final class AlertEngine {
    /** One-sided 5 %: the significance level of the p-value rules, for the metrics that carry a standard error. */
    static final double MIN_Z = 1.645;

    private final AlertRules rules;
    private final AlertSettings settings;

    public AlertEngine(AlertRules rules, AlertSettings settings) {
        this.rules = rules;
        this.settings = settings;
    }

    public AlertSettings settings() {
        return settings;
    }

    /** Updates {@code state} with {@code report} and returns the alerts that start, escalate or stop. */
    public List<AlertTransition> evaluate(AlertState state, WindowReport report) {
        List<MetricValue> metrics = new ArrayList<>(report.metrics());
        metrics.addAll(sequentialSums(state, report.metrics()));
        double[] adjusted = adjustedPValues(metrics);
        List<AlertTransition> transitions = new ArrayList<>();
        for (int i = 0; i < metrics.size(); i++) {
            MetricValue m = metrics.get(i);
            AlertRule rule = rules.find(m.metric(), m.feature());
            if (rule == null || !rule.enabled() || !eligible(rule, m)) {
                continue;
            }
            double compared = rule.direction() == Direction.P_VALUE ? adjusted[i] : rule.compared(m.value(), m.baseline());
            if (Double.isNaN(compared)) {
                continue;
            }
            AlertSeverity severity = rule.severityOf(compared);
            if (severity != null && !beyondNoise(rule, m, compared)) {
                continue;
            }
            String key = ruleKey(m);
            RuleState previous = state.rules().getOrDefault(key, RuleState.INITIAL);
            RuleState next = severity == null
                    ? clean(rule, m, previous, report, transitions)
                    : breach(rule, m, compared, severity, previous, report, transitions);
            state.rules().put(key, next);
        }
        state.rules().values().removeIf(s -> s.idleAt(report.windowEnd()));
        return transitions;
    }

    /**
     * Resolves every open alert of a model version that has had no window result for
     * {@code idle-resolve} (wall clock) at {@code now}: it no longer scores, so its metrics will
     * never clear them. The caller forgets the version's state afterwards. Nothing when the
     * setting is zero or the version was judged recently.
     */
    public List<AlertTransition> resolveIdle(AlertState state, String modelKey, long now) {
        if (!isIdle(state, now)) {
            return List.of();
        }
        int at = modelKey.lastIndexOf('@');
        String model = at < 0 ? modelKey : modelKey.substring(0, at);
        String version = at < 0 ? "" : modelKey.substring(at + 1);
        List<AlertTransition> out = new ArrayList<>();
        state.openAlerts().forEach((key, open) -> {
            String[] parts = key.split("\\|", -1);
            String message = AlertMessages.idle(model, version, open, state.lastWindowEnd(), now - state.lastReport());
            out.add(new AlertTransition(open.alertId(), model, version, parts[0], open.severity(), false, open.rule(),
                    parts[1], dashToNull(parts[2]), dashToNull(parts[3]), Double.NaN, open.threshold(), open.since(),
                    state.lastWindowEnd(), 0, message));
        });
        return out;
    }

    /** Whether the version of {@code state} has had no window result for {@code idle-resolve} at {@code now}. */
    public boolean isIdle(AlertState state, long now) {
        long idle = settings.idleResolve().toMillis();
        return idle > 0 && state.lastReport() > 0 && now - state.lastReport() >= idle;
    }

    private static String dashToNull(String s) {
        return "-".equals(s) ? null : s;
    }

    /**
     * Advances the {@link Cusum} of every eligible metric compared with a reference and carrying a
     * standard error (the AUC, each group's recall and the gaps against the holdout), when a
     * {@code <metric>_cusum} rule is on, and returns the sums as metrics of their own for the rules.
     */
    private List<MetricValue> sequentialSums(AlertState state, List<MetricValue> metrics) {
        List<MetricValue> sums = new ArrayList<>();
        for (MetricValue m : metrics) {
            AlertRule source = rules.find(m.metric(), m.feature());
            AlertRule sequential = rules.find(m.metric() + Cusum.SUFFIX, m.feature());
            if (source == null || sequential == null || !sequential.enabled() || m.baseline() == null
                    || !(m.standardError() > 0) || !eligible(source, m)
                    || (source.direction() != Direction.DROP_FROM_BASELINE && source.direction() != Direction.RISE_FROM_BASELINE)) {
                continue;
            }
            double z = source.compared(m.value(), m.baseline()) / m.standardError();
            String key = ruleKey(m);
            double sum = Cusum.next(state.cusums().getOrDefault(key, 0.0), z);
            if (sum > 0) {
                state.cusums().put(key, sum);
            } else {
                state.cusums().remove(key);
            }
            sums.add(new MetricValue(m.kind(), m.metric() + Cusum.SUFFIX, m.feature(), m.segment(), sum, null,
                    m.sampleSize()));
        }
        return sums;
    }

    private RuleState breach(AlertRule rule, MetricValue m, double compared, AlertSeverity severity, RuleState previous,
            WindowReport report, List<AlertTransition> out) {
        int breaches = previous.breaches() + 1;
        long streakStart = previous.breaches() == 0 ? report.windowStart() : previous.streakStart();
        RuleState.OpenAlert open = previous.open();
        if (open == null) {
            if (breaches >= settings.raiseAfter() && report.windowEnd() >= previous.cooldownUntil()) {
                String message = AlertMessages.firing(rule, m, compared, severity, report, breaches, false);
                open = new RuleState.OpenAlert(alertId(report, m, streakStart), severity, rule.name(),
                        rule.threshold(severity), streakStart, message);
                out.add(transition(open, true, rule, m, report, message));
            }
        } else if (severity.compareTo(open.severity()) > 0) {
            String message = AlertMessages.firing(rule, m, compared, severity, report, breaches, true);
            open = new RuleState.OpenAlert(open.alertId(), severity, rule.name(), rule.threshold(severity), open.since(),
                    message);
            out.add(transition(open, true, rule, m, report, message));
        }
        return new RuleState(breaches, streakStart, 0, open, previous.cooldownUntil());
    }

    private RuleState clean(AlertRule rule, MetricValue m, RuleState previous, WindowReport report,
            List<AlertTransition> out) {
        int cleans = previous.cleans() + 1;
        RuleState.OpenAlert open = previous.open();
        if (open != null && cleans >= settings.clearAfter()) {
            out.add(transition(open, false, rule, m, report, AlertMessages.resolved(rule, m, open, report, cleans)));
            return new RuleState(0, 0, 0, null, report.windowEnd() + settings.cooldown().toMillis());
        }
        return new RuleState(0, 0, cleans, open, previous.cooldownUntil());
    }

    /**
     * Whether a value past its threshold is also a change the window's sampling error cannot
     * explain: at least {@link #MIN_Z} standard errors from "no change", where the metric carries a
     * standard error. A window that is past the threshold only by noise is inconclusive.
     */
    private static boolean beyondNoise(AlertRule rule, MetricValue m, double compared) {
        double se = m.standardError();
        if (!(se > 0) || rule.direction() == Direction.BELOW || rule.direction() == Direction.P_VALUE) {
            return true;
        }
        return compared / se >= MIN_Z;
    }

    private boolean eligible(AlertRule rule, MetricValue m) {
        return m.sampleSize() >= rule.minSample()
                && (rule.direction() != Direction.P_VALUE || m.sampleSize() <= settings.pValueMaxSample());
    }

    /** BH-adjusted p-values per test (kind + metric) across the window's eligible values; NaN elsewhere. */
    private double[] adjustedPValues(List<MetricValue> metrics) {
        double[] adjusted = new double[metrics.size()];
        Arrays.fill(adjusted, Double.NaN);
        Map<String, List<Integer>> families = new LinkedHashMap<>();
        for (int i = 0; i < metrics.size(); i++) {
            MetricValue m = metrics.get(i);
            AlertRule rule = rules.find(m.metric(), m.feature());
            if (rule != null && rule.enabled() && rule.direction() == Direction.P_VALUE && eligible(rule, m)
                    && !Double.isNaN(m.value())) {
                families.computeIfAbsent(m.kind() + "|" + m.metric(), k -> new ArrayList<>()).add(i);
            }
        }
        for (List<Integer> family : families.values()) {
            double[] raw = family.stream().mapToDouble(i -> metrics.get(i).value()).toArray();
            double[] q = BenjaminiHochberg.adjust(raw);
            for (int j = 0; j < family.size(); j++) {
                adjusted[family.get(j)] = q[j];
            }
        }
        return adjusted;
    }

    private static AlertTransition transition(RuleState.OpenAlert open, boolean firing, AlertRule rule, MetricValue m,
            WindowReport report, String message) {
        return new AlertTransition(open.alertId(), report.modelName(), report.modelVersion(), m.kind(), open.severity(),
                firing, rule.name(), m.metric(), m.feature(), m.segment(), m.value(), open.threshold(),
                report.windowStart(), report.windowEnd(), m.sampleSize(), message);
    }

    static String ruleKey(MetricValue m) {
        return m.kind() + "|" + m.metric() + "|" + nullToDash(m.feature()) + "|" + nullToDash(m.segment());
    }

    private static String alertId(WindowReport report, MetricValue m, long since) {
        return report.modelKey() + "/" + m.kind() + "/" + m.metric() + "/" + nullToDash(m.feature()) + "/"
                + nullToDash(m.segment()) + "/" + Instant.ofEpochMilli(since);
    }

    private static String nullToDash(String s) {
        return s == null ? "-" : s;
    }
}
