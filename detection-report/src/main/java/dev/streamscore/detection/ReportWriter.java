package dev.streamscore.detection;

import dev.streamscore.detection.DetectionReport.CaseResult;
import dev.streamscore.detection.DetectionReport.Results;
import dev.streamscore.detection.DetectionReport.Stationary;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/** The report as Markdown: the headline (targets), then each table behind it, the settings and the transforms. */
public final class ReportWriter {
    static final double FALSE_ALERT_TARGET = 1.0;
    static final double ACCURACY_GAP_TARGET = 0.02;
    static final double AUC_GAP_TARGET = 0.03;
    /** Consecutive breaching windows before an alert fires (AlertSettings.DEFAULTS.raiseAfter()). */
    private final int raiseAfter;

    public ReportWriter(int raiseAfter) {
        this.raiseAfter = raiseAfter;
    }

    /** One line per target: what it asks, what was measured, met or missed by how much. */
    public record Verdict(String target, String measured, boolean met, String verdict) {
    }

    public List<Verdict> verdicts(Results r) {
        List<Verdict> out = new ArrayList<>();
        Stationary s = r.stationary();
        double rate = s.falseAlertsPerThousand();
        out.add(new Verdict("<= " + fmt(FALSE_ALERT_TARGET, 0) + " false alert per 1,000 stationary windows (all rules)",
                String.format(Locale.ROOT, "%s per 1,000 (%d alerts in %,d windows)", fmt(rate, 2), s.firing().size(), s.windows()),
                rate <= FALSE_ALERT_TARGET, rate <= FALSE_ALERT_TARGET ? "met"
                        : "missed by " + fmt(rate - FALSE_ALERT_TARGET, 2) + " per 1,000"));
        for (CaseResult c : r.cases()) {
            if (!c.driftCase().hasTarget()) {
                continue;
            }
            int target = c.driftCase().targetWindows();
            double share = Delays.shareWithin(c.delays(), target);
            boolean met = share >= DriftCase.TARGET_SHARE;
            String verdict = caseVerdict(c);
            out.add(new Verdict(c.driftCase().name() + " detected within " + target + " window" + (target == 1 ? "" : "s")
                    + " in >= 95 % of seeds",
                    String.format(Locale.ROOT, "%s within %d; median %s, p90 %s", pct(share), target,
                            delay(Delays.quantile(c.delays(), 0.5)), delay(Delays.quantile(c.delays(), 0.9))),
                    met, verdict));
        }
        out.add(gapVerdict("CBPE accuracy within " + ACCURACY_GAP_TARGET + " of realized (stationary, per window)",
                s.accuracyGaps(), ACCURACY_GAP_TARGET));
        out.add(gapVerdict("CBPE AUC within " + AUC_GAP_TARGET + " of realized (stationary, per window)", s.aucGaps(),
                AUC_GAP_TARGET));
        return out;
    }

    /** Read per window: met when the 90th percentile of |realized - estimated| is within the bound. */
    private static Verdict gapVerdict(String target, List<Double> gaps, double bound) {
        double p90 = quantile(abs(gaps), 0.9);
        double mean = abs(gaps).stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        double within = abs(gaps).stream().filter(g -> g <= bound).count() / (double) Math.max(1, gaps.size());
        boolean met = p90 <= bound;
        return new Verdict(target + ", read as p90 of abs gap",
                String.format(Locale.ROOT, "mean abs gap %s, p90 %s, %s of %d windows within", fmt(mean, 4), fmt(p90, 4),
                        pct(within), gaps.size()),
                met, met ? "met" : "missed by " + fmt(p90 - bound, 4) + " at the 90th percentile");
    }

    public String markdown(Results r, String command, String generatedAt) {
        StringBuilder md = new StringBuilder();
        md.append("# Detection report\n\n");
        md.append("Generated ").append(generatedAt).append(" by `").append(command).append("` in ")
                .append(duration(r.elapsed())).append(".\n\n");
        md.append("The real `DriftTopology.build(config, serdes)` on Kafka Streams' `TopologyTestDriver` with every default "
                + "setting (").append(r.window().toSeconds()).append(" s windows of ").append(String.format(Locale.ROOT, "%,d",
                r.settings().eventsPerWindow())).append(" events, alert rules, 10 min maximum label delay, 10 s grace, raise "
                + "after ").append(raiseAfter).append(" windows), fed by the simulator's stationary stream and the demo model "
                + "(trained once on 80,000 simulator rows, seed 7; ").append(r.holdout()).append(") scoring in-process as the "
                + "scoring job does. Labels follow their events by the simulator's default delay (lognormal, median 3 min). "
                + "Seeds ").append(seedText(r.settings().seeds())).append(".\n\n");

        md.append("## Targets\n\n| target | measured | verdict |\n|---|---|---|\n");
        for (Verdict v : verdicts(r)) {
            md.append("| ").append(v.target()).append(" | ").append(v.measured()).append(" | ").append(v.verdict()).append(" |\n");
        }

        Stationary s = r.stationary();
        md.append("\n## False alerts on stationary traffic\n\n");
        md.append(String.format(Locale.ROOT, "%d seeds x %d windows of %,d events: %,d windows closed (%,d expected), %d "
                        + "alerts fired (FIRING transitions of distinct alerts, every rule), %s per 1,000 windows.\n\n",
                r.settings().seeds().size(), r.settings().stationaryWindows(), r.settings().eventsPerWindow(), s.windows(),
                s.expectedWindows(), s.firing().size(), fmt(s.falseAlertsPerThousand(), 2)));
        if (!s.firing().isEmpty()) {
            md.append("| rule (feature) [segment] | alerts |\n|---|---|\n");
            DetectionReport.countByRule(s.firing()).entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                    .forEach(e -> md.append("| ").append(e.getKey()).append(" | ").append(e.getValue()).append(" |\n"));
            md.append('\n');
        }

        md.append("## Detection\n\nDelay: drifted windows seen until the first relevant alert fired (1 = in the onset "
                + "window itself; with the default hysteresis an alert fires on its ").append(raiseAfter)
                .append(ordinal(raiseAfter)).append(" breaching window, so ").append(raiseAfter).append(" is the soonest). "
                + "Each run: ").append(DetectionReport.PRE_ONSET_WINDOWS).append(" stationary window")
                .append(DetectionReport.PRE_ONSET_WINDOWS == 1 ? "" : "s").append(", then the drift. "
                + "A seed not detected within the run's drifted windows counts as missed and ranks last in the percentiles "
                + "(\"-\" where the percentile falls on a missed seed).\n\n");
        md.append("| drift | size | detected | median | p90 | target | verdict | effect: drifted (stationary), mean sample | first rule, most seeds |\n"
                + "|---|---|---|---|---|---|---|---|---|\n");
        for (CaseResult c : r.cases()) {
            DriftCase d = c.driftCase();
            String stationaryEffect = fmt(s.effectMeans().getOrDefault(d.effect().label(), Double.NaN), 3);
            md.append("| ").append(d.kind()).append(" | ").append(d.size()).append(" | ")
                    .append(c.detected()).append("/").append(c.delays().size()).append(" in ").append(d.driftWindows())
                    .append(" | ").append(delay(Delays.quantile(c.delays(), 0.5))).append(" | ")
                    .append(delay(Delays.quantile(c.delays(), 0.9))).append(" | ")
                    .append(d.hasTarget() ? "<= " + d.targetWindows() + " in 95 %" : "").append(" | ")
                    .append(d.hasTarget() ? caseVerdict(c) : "").append(" | ")
                    .append(d.effect().label()).append(" ").append(fmt(c.effectMean(), 3)).append(" (").append(stationaryEffect)
                    .append("), n ").append(fmt(c.effectSample(), 0)).append(" | ").append(mostCommon(c.firstRules())).append(" |\n");
        }
        md.append("\nDelays per seed (in seed order; - = not detected):\n\n");
        for (CaseResult c : r.cases()) {
            md.append("- ").append(c.driftCase().name()).append(": ").append(c.delays().stream().map(ReportWriter::delay)
                    .collect(Collectors.joining(" "))).append(c.preOnsetFiring() > 0 ? " (and " + c.preOnsetFiring()
                    + " alerts in the stationary windows before the onset, not counted)" : "").append('\n');
        }

        md.append("\n## CBPE estimate on stationary traffic\n\n");
        md.append(String.format(Locale.ROOT, "Realized minus estimated per performance window (`accuracy_estimate_gap`, "
                + "`auc_estimate_gap` at their latest revision), whole traffic, %d windows of on average %,.0f labeled pairs "
                + "(the rest of the 2,000 events had no label within the 10-minute maximum delay).\n\n",
                s.accuracyGaps().size(), s.meanLabeledPairs()));
        md.append("| metric | bound | mean gap | mean abs gap | p90 abs gap | max abs gap | windows within |\n|---|---|---|---|---|---|---|\n");
        gapRow(md, "accuracy", ACCURACY_GAP_TARGET, s.accuracyGaps());
        gapRow(md, "AUC", AUC_GAP_TARGET, s.aucGaps());

        md.append("\n## Transforms\n\nThe simulator's scenarios have one fixed size each, so each drift is a transform of "
                + "the stationary stream, applied from the onset window on. Relevant alerts are the ones that count as "
                + "detection.\n\n| drift | transform | relevant alerts |\n|---|---|---|\n");
        for (CaseResult c : r.cases()) {
            md.append("| ").append(c.driftCase().name()).append(" | ").append(c.driftCase().change().describe()).append(" | ")
                    .append(c.driftCase().relevantText()).append(" |\n");
        }
        md.append(String.format(Locale.ROOT, "\nThe training SD of log1p(amount) is %.4f (the simulator's training sample: "
                + "seed 7, 80,000 rows). Concept drift's share is drop / (holdout AUC - 0.5); the recall gap's share is "
                + "gap / the segment's holdout recall; the effect column shows what each achieved.\n", r.sdLog1pAmount()));
        return md.toString();
    }

    /** The short summary the command prints. */
    public String summary(Results r) {
        StringBuilder out = new StringBuilder();
        for (Verdict v : verdicts(r)) {
            out.append(v.met() ? "MET    " : "MISSED ").append(v.target()).append(": ").append(v.measured())
                    .append(v.met() ? "" : " -> " + v.verdict()).append('\n');
        }
        return out.toString();
    }

    /** Met, or missed by how many windows at the 95th percentile (or by how many seeds never detected). */
    private static String caseVerdict(CaseResult c) {
        int target = c.driftCase().targetWindows();
        double share = Delays.shareWithin(c.delays(), target);
        OptionalInt p95 = Delays.quantile(c.delays(), DriftCase.TARGET_SHARE);
        if (share >= DriftCase.TARGET_SHARE) {
            return "met";
        }
        if (p95.isPresent()) {
            int over = p95.getAsInt() - target;
            return String.format(Locale.ROOT, "missed by %d window%s (95th percentile %d); %s within %d", over,
                    over == 1 ? "" : "s", p95.getAsInt(), pct(share), target);
        }
        return String.format(Locale.ROOT, "missed: %s within %d; more than 5 %% of seeds not detected in %d drifted windows",
                pct(share), target, c.driftCase().driftWindows());
    }

    private static void gapRow(StringBuilder md, String name, double bound, List<Double> gaps) {
        List<Double> abs = abs(gaps);
        md.append("| ").append(name).append(" | ").append(bound).append(" | ")
                .append(fmt(gaps.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN), 4)).append(" | ")
                .append(fmt(abs.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN), 4)).append(" | ")
                .append(fmt(quantile(abs, 0.9), 4)).append(" | ")
                .append(fmt(abs.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN), 4)).append(" | ")
                .append(pct(abs.stream().filter(g -> g <= bound).count() / (double) Math.max(1, abs.size()))).append(" |\n");
    }

    private static List<Double> abs(List<Double> values) {
        return values.stream().map(Math::abs).toList();
    }

    /** Nearest-rank quantile; NaN for no values. */
    static double quantile(List<Double> values, double q) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted[Math.max((int) Math.ceil(q * sorted.length), 1) - 1];
    }

    private static String mostCommon(List<String> values) {
        return values.stream().filter(v -> v != null)
                .collect(Collectors.groupingBy(v -> v, Collectors.counting())).entrySet().stream()
                .max(Map.Entry.<String, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
                .map(e -> e.getKey() + " (" + e.getValue() + ")").orElse("-");
    }

    private static String delay(OptionalInt d) {
        return d.isPresent() ? Integer.toString(d.getAsInt()) : "-";
    }

    private static String seedText(List<Long> seeds) {
        boolean consecutive = true;
        for (int i = 1; i < seeds.size(); i++) {
            consecutive &= seeds.get(i) == seeds.get(i - 1) + 1;
        }
        return consecutive && seeds.size() > 2 ? seeds.get(0) + "-" + seeds.get(seeds.size() - 1) + " (" + seeds.size() + ")"
                : seeds.toString();
    }

    private static String ordinal(int n) {
        return n == 1 ? "st" : n == 2 ? "nd" : n == 3 ? "rd" : "th";
    }

    static String fmt(double value, int decimals) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    static String pct(double share) {
        return Double.isNaN(share) ? "n/a" : String.format(Locale.ROOT, "%.0f %%", share * 100);
    }

    static String duration(Duration d) {
        return d.toMinutes() + " min " + d.toSecondsPart() + " s";
    }
}
