package dev.streamscore.loadtest.report;

import dev.streamscore.loadtest.meter.LatencyStats;
import dev.streamscore.loadtest.process.ProcSampler;
import dev.streamscore.loadtest.run.ProbeResult;
import dev.streamscore.loadtest.run.SystemResult;
import dev.streamscore.loadtest.run.TargetRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The targets, checked against what a run measured; each says met or missed and by how much. */
public final class Targets {
    public static final double ALO_RATE = 5000;
    public static final double ALO_P99_MS = 20;
    public static final double THROUGHPUT_SHARE = 0.8;
    public static final double BATCHING_FACTOR = 5;
    public static final double NATIVE_MB = 400;

    private Targets() {
    }

    public static List<TargetRow> evaluate(List<SystemResult> systems, int checkpointMillis) {
        List<TargetRow> rows = new ArrayList<>();
        Optional<SystemResult> scoring = find(systems, "scoring-demo");
        Optional<LatencyStats> alo = scoring.flatMap(s -> s.at(ALO_RATE)).map(p -> p.latency().get("read_uncommitted"));
        rows.add(alo.map(l -> new TargetRow("at-least-once: p99 <= 20 ms at 5,000 events/s",
                        String.format("p99 %.1f ms (p50 %.1f ms)", l.p99(), l.p50()), l.p99() <= ALO_P99_MS,
                        margin(l.p99() - ALO_P99_MS, "ms", l.p99() <= ALO_P99_MS)))
                .orElse(notMeasured("at-least-once: p99 <= 20 ms at 5,000 events/s")));

        double eosBound = checkpointMillis + 100;
        Optional<LatencyStats> eos = find(systems, "scoring-demo-eos").flatMap(s -> s.at(ALO_RATE))
                .map(p -> p.latency().get("read_committed"));
        String eosTarget = "exactly-once: p99 <= checkpoint interval + 100 ms (" + checkpointMillis + " + 100 ms), read_committed";
        rows.add(eos.map(l -> new TargetRow(eosTarget, String.format("p99 %.0f ms at 5,000/s", l.p99()),
                        l.p99() <= eosBound, margin(l.p99() - eosBound, "ms", l.p99() <= eosBound)))
                .orElse(notMeasured(eosTarget)));

        rows.add(ratio("scoring throughput (parallelism 1) >= 80 % of pass-through", scoring,
                find(systems, "pass-through"), THROUGHPUT_SHARE, true));
        rows.add(ratio("micro-batched >= 5x per-event scoring (demo model)", scoring,
                find(systems, "scoring-demo-batch1"), BATCHING_FACTOR, false));
        rows.add(ratio("micro-batched >= 5x per-event scoring (28K FFNN)", find(systems, "scoring-ffnn28k"),
                find(systems, "scoring-ffnn28k-batch1"), BATCHING_FACTOR, false));
        rows.add(ratio("drift-stream keeps up with scoring-stream's maximum rate", find(systems, "drift-stream"),
                scoring, 1.0, true));

        String memTarget = "scoring JVM memory for model + native library <= 400 MB beyond the heap";
        Optional<Double> extra = scoring.flatMap(s -> rss(s, "scoring-demo")).flatMap(sc ->
                find(systems, "pass-through").flatMap(p -> rss(p, "pass-through")).map(pt -> (sc - pt) / 1e6));
        rows.add(extra.map(mb -> new TargetRow(memTarget, String.format("%.0f MB more RSS than the pass-through JVM "
                        + "(same 768 MB pre-touched heap)", mb), mb <= NATIVE_MB, margin(mb - NATIVE_MB, "MB", mb <= NATIVE_MB)))
                .orElse(notMeasured(memTarget)));
        return rows;
    }

    private static TargetRow ratio(String target, Optional<SystemResult> a, Optional<SystemResult> b, double needed,
            boolean share) {
        if (a.isEmpty() || b.isEmpty() || a.get().maxRate() == null || b.get().maxRate() == null || b.get().maxRate() == 0) {
            return notMeasured(target);
        }
        double ra = a.get().maxRate();
        double rb = b.get().maxRate();
        double value = ra / rb;
        boolean met = value >= needed;
        // A maximum that no failed probe bounded is only a floor: say so on either side.
        String qa = a.get().atLeast() ? ">= " : "";
        String qb = b.get().atLeast() ? ">= " : "";
        String qv = qa.isEmpty() && !qb.isEmpty() ? "<= " : !qa.isEmpty() && qb.isEmpty() ? ">= " : qa.isEmpty() ? "" : "~ ";
        String measured = String.format("%s%,.0f vs %s%,.0f events/s = %s%s", qa, ra, qb, rb, qv,
                share ? String.format("%.0f %%", 100 * value) : String.format("%.1fx", value));
        String margin = share ? String.format("%+.0f points", 100 * (value - needed)) : String.format("%+.1fx", value - needed);
        return new TargetRow(target, measured, met, margin);
    }

    private static Optional<Double> rss(SystemResult s, String process) {
        ProcSampler.Usage u = s.usage().get(process);
        return u == null || u.peakRssBytes() <= 0 ? Optional.empty() : Optional.of((double) u.peakRssBytes());
    }

    private static String margin(double over, String unit, boolean met) {
        return met ? String.format("%.1f %s to spare", -over, unit) : String.format("over by %.1f %s", over, unit);
    }

    private static TargetRow notMeasured(String target) {
        return new TargetRow(target, "not measured in this run", null, "");
    }

    static Optional<SystemResult> find(List<SystemResult> systems, String name) {
        return systems.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** Probes sorted by rate, for the plots. */
    static List<ProbeResult> byRate(SystemResult s) {
        return s.probes().stream().sorted((x, y) -> Double.compare(x.rate(), y.rate())).toList();
    }

    static Map<String, ProcSampler.Usage> usage(SystemResult s) {
        return s.usage();
    }
}
