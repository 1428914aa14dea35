package dev.streamscore.loadtest.report;

import dev.streamscore.loadtest.meter.LatencyStats;
import dev.streamscore.loadtest.process.ProcSampler;
import dev.streamscore.loadtest.run.JmhRow;
import dev.streamscore.loadtest.run.ProbeResult;
import dev.streamscore.loadtest.run.SystemResult;
import dev.streamscore.loadtest.run.TargetRow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Writes the report folder: {@code report.md}, {@code report.html} (the same content with the
 * plots inline) and one SVG per plot: latency percentiles vs offered rate, maximum sustainable rate
 * of every system, JMH inference rows per second by batch size, CPU and memory per process.
 */
public final class ReportWriter {
    /** The maximum lies between the highest sustained rate and the lowest failed one: both are shown. */
    private static final List<String> RATE_COLUMNS = List.of("system", "max sustained events/s",
            "lowest failed events/s", "p99 there (ms)", "notes");

    public static final String COMMAND = "load-tests/run-report.sh";

    private ReportWriter() {
    }

    public static Path write(Path dir, BenchReport r) throws IOException {
        Files.createDirectories(dir);
        Map<String, String> plots = plots(r);
        for (var e : plots.entrySet()) {
            Files.writeString(dir.resolve(e.getKey()), e.getValue());
        }
        Doc doc = document(r, plots);
        Path md = dir.resolve("report.md");
        Files.writeString(md, doc.markdown());
        Files.writeString(dir.resolve("report.html"), doc.html("StreamScore load-test report " + r.date()));
        return md;
    }

    /** The summary printed at the end of a run: date, machine, every target and the maximum rates. */
    public static String summary(BenchReport r) {
        StringBuilder s = new StringBuilder();
        s.append("StreamScore load tests ").append(r.date()).append(r.quick() ? " (quick run)" : "").append('\n');
        s.append("Machine: ").append(r.machine()).append('\n');
        s.append(String.format(Locale.ROOT, "Took %d min %02d s%n%n", r.took().toMinutes(), r.took().toSecondsPart()));
        s.append(Doc.markdownTable(List.of("target", "measured", "verdict", "margin"), targetRows(r))).append('\n');
        s.append(Doc.markdownTable(RATE_COLUMNS, rateRows(r)));
        return s.toString();
    }

    private static List<List<String>> targetRows(BenchReport r) {
        return r.targets().stream().map(t -> List.of(t.target(), t.measured(), t.verdict(), t.margin())).toList();
    }

    private static List<List<String>> rateRows(BenchReport r) {
        List<List<String>> rows = new ArrayList<>();
        for (SystemResult s : r.systems()) {
            if (s.maxRate() == null) {
                continue;
            }
            String p99 = s.at(s.maxRate()).filter(p -> !p.latency().isEmpty())
                    .map(p -> String.format(Locale.ROOT, "%.1f", p.primary().p99())).orElse("-");
            long late = s.probes().stream().mapToLong(ProbeResult::generatorLateMs).max().orElse(0);
            String note = s.note().isEmpty() ? "" : s.note();
            if (late > 50) {
                note = (note.isEmpty() ? "" : note + "; ") + "generator up to " + late + " ms late";
            }
            if (s.atLeast()) {
                note = (note.isEmpty() ? "" : note + "; ") + "no probe failed: the maximum is higher";
            }
            String failed = s.lowestFailed() == null ? "-" : String.format(Locale.ROOT, "%,.0f", s.lowestFailed());
            rows.add(List.of(s.name(), (s.atLeast() ? ">= " : "") + String.format(Locale.ROOT, "%,.0f", s.maxRate()),
                    failed, p99, note));
        }
        return rows;
    }

    private static Doc document(BenchReport r, Map<String, String> plots) {
        Doc d = new Doc().heading(1, "StreamScore load-test report");
        d.para(String.format(Locale.ROOT, "**Date:** %s. **Machine:** %s (load average %.2f at the start; the broker, "
                        + "registry, system under test and load generator all share it). **Took:** %d min %02d s%s. "
                        + "**Command:** `%s`.", r.date(), r.machine(), r.loadAtStart(), r.took().toMinutes(),
                r.took().toSecondsPart(), r.quick() ? " (quick run: short probes, fewer search steps)" : "", COMMAND));
        d.para(String.format(Locale.ROOT, "Models: the demo fraud model (%,d parameters) and a feed-forward net of %,d "
                + "parameters on the same features (the size of the Crayfish benchmark's FFNN), both real TF SavedModels "
                + "trained by the model module's trainer. Latency is end to end: from the **intended** send time of each "
                + "event (open-loop schedule, carried in the event id) to the moment the meter's consumer sees the "
                + "output record, so a stall anywhere (generator included) shows and cannot be hidden by coordinated "
                + "omission; events still missing after the drain count at the drain time.", r.demoParameters(), r.ffnnParameters()));
        d.heading(2, "Targets");
        d.table(List.of("target", "measured", "verdict", "margin"), targetRows(r));
        d.heading(2, "Maximum sustainable rate");
        d.para("Highest offered rate with p99 within the search bound, no growing backlog and nothing missing after "
                + "the drain (geometric growth then bisection; every probe listed below).");
        d.table(RATE_COLUMNS, rateRows(r));
        d.table(List.of("system", "what it is"), r.systems().stream().map(s -> List.of(s.name(), s.description())).toList());
        for (String file : plots.keySet()) {
            d.image(file, plots.get(file), file.replace(".svg", ""));
        }
        d.heading(2, "Every probe");
        List<List<String>> probes = new ArrayList<>();
        for (SystemResult s : r.systems()) {
            for (ProbeResult p : s.probes()) {
                if (p.latency().isEmpty()) {
                    probes.add(List.of(s.name(), fmt(p.rate()), "consumer lag", "-", "-", "-", "-", "-", fmt(p.outputRate()),
                            fmt(p.lagSlope()), p.sustained() ? "sustained" : "no: " + p.reason()));
                }
                p.latency().forEach((meter, l) -> probes.add(List.of(s.name(), fmt(p.rate()), meter, ms(l.p50()),
                        ms(l.p90()), ms(l.p99()), ms(l.p999()), ms(l.max()), fmt(p.outputRate()), fmt(p.lagSlope()),
                        p.sustained() ? "sustained" : "no: " + p.reason())));
            }
        }
        d.table(List.of("system", "offered/s", "meter", "p50 ms", "p90 ms", "p99 ms", "p99.9 ms", "max ms", "output/s",
                "backlog slope/s", "verdict"), probes);
        if (!r.jmh().isEmpty()) {
            d.heading(2, "Inference micro-benchmarks (JMH)");
            d.para("`InferenceBenchmark.tfBatch`: one TF Java session call on a batch (single-threaded session, as the "
                    + "scoring job uses it). `ForwardPassBenchmark.javaForward`: the plain-Java forward pass at the "
                    + "same layer shapes, row by row: the compute floor.");
            d.table(List.of("benchmark", "model", "batch", "us/call", "+/- us", "rows/s"), r.jmh().stream()
                    .map(j -> List.of(j.benchmark(), j.model(), Integer.toString(j.batch()), ms(j.microsPerCall()),
                            ms(j.error()), fmt(j.rowsPerSecond()))).toList());
        }
        d.heading(2, "CPU and memory per process");
        d.para("Average CPU over each system's phase (100 % = one core) and peak resident memory, from /proc. "
                + "Flink JVMs run with the same 768 MB heap, pre-touched, so their RSS differences are off-heap "
                + "(TensorFlow's native library and model).");
        List<List<String>> usage = new ArrayList<>();
        for (SystemResult s : r.systems()) {
            s.usage().values().forEach(u -> usage.add(List.of(s.name(), u.process(), String.format(Locale.ROOT, "%.0f", u.cpuPercent()),
                    String.format(Locale.ROOT, "%.0f", u.peakRssBytes() / 1e6))));
        }
        d.table(List.of("system", "process", "CPU %", "peak RSS MB"), usage);
        d.heading(2, "CPU time per event");
        d.para("CPU time (user + system, from /proc) over each system's phase divided by the events sent in it "
                + "(warm-up and probes; for drift-stream an event is a prediction and its label): the system's own "
                + "JVMs, and the broker's and the generator's share beside it. A figure to compare systems by, "
                + "independent of how busy the machine was.");
        List<List<String>> perEvent = new ArrayList<>();
        for (SystemResult s : r.systems()) {
            perEvent.add(List.of(s.name(), fmt(s.events()), micros(s.cpuMicrosPerEvent()),
                    micros(s.cpuMicrosPerEvent("kafka-broker")), micros(s.cpuMicrosPerEvent("load-generator+meter"))));
        }
        d.table(List.of("system", "events in its phase", "system CPU us/event", "broker CPU us/event",
                "generator CPU us/event"), perEvent);
        List<List<String>> fixed = new ArrayList<>();
        for (SystemResult s : r.systems()) {
            s.fixedRateCpu().forEach(f -> fixed.add(List.of(s.name(), fmt((long) f.rate()), fmt(f.events()),
                    micros(f.systemMicrosPerEvent()), micros(f.brokerMicrosPerEvent()))));
        }
        if (!fixed.isEmpty()) {
            d.para("The same over each fixed-rate probe alone: the same offered rate for the same time in every run, "
                    + "so these compare runs with each other (the figures above depend on where each run's rate "
                    + "search went).");
            d.table(List.of("system", "offered rate /s", "events in the probe", "system CPU us/event",
                    "broker CPU us/event"), fixed);
        }
        List<String> notes = r.systems().stream().filter(s -> !s.note().isEmpty()).map(s -> s.name() + ": " + s.note()).toList();
        if (!notes.isEmpty()) {
            d.heading(2, "Notes");
            notes.forEach(d::para);
        }
        return d;
    }

    private static String micros(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.1f", value);
    }

    private static Map<String, String> plots(BenchReport r) {
        Map<String, String> plots = new LinkedHashMap<>();
        Map<String, List<double[]>> latency = new LinkedHashMap<>();
        for (SystemResult s : r.systems()) {
            if (!s.name().equals("scoring-demo") && !s.name().equals("pass-through")) {
                continue;
            }
            List<ProbeResult> probes = Targets.byRate(s).stream().filter(p -> !p.latency().isEmpty() && p.sustained()).toList();
            for (String pct : List.of("p50", "p99", "p99.9")) {
                latency.put(s.name() + " " + pct, probes.stream().map(p -> new double[] {p.rate(), pick(p.primary(), pct)}).toList());
            }
        }
        plots.put("latency-vs-rate.svg", Svg.lines("End-to-end latency vs offered rate (sustained probes)", "offered events/s",
                "latency (ms)", true, true, latency));
        List<SystemResult> searched = r.systems().stream().filter(s -> s.maxRate() != null).toList();
        plots.put("max-rate.svg", Svg.bars("Maximum sustainable rate per system", "events/s",
                searched.stream().map(SystemResult::name).toList(),
                Map.of("max sustained", searched.stream().mapToDouble(SystemResult::maxRate).toArray()), false));
        if (!r.jmh().isEmpty()) {
            Map<String, List<double[]>> jmh = new LinkedHashMap<>();
            for (JmhRow j : r.jmh()) {
                jmh.computeIfAbsent(j.benchmark() + " " + j.model(), k -> new ArrayList<>()).add(new double[] {j.batch(), j.rowsPerSecond()});
            }
            plots.put("jmh-inference.svg", Svg.lines("Inference rows/s by batch size (JMH, one thread)", "batch size",
                    "rows/s", true, true, jmh));
        }
        Set<String> processes = new LinkedHashSet<>();
        r.systems().forEach(s -> processes.addAll(s.usage().keySet()));
        List<String> names = r.systems().stream().map(SystemResult::name).toList();
        Map<String, double[]> cpu = new LinkedHashMap<>();
        Map<String, double[]> rss = new LinkedHashMap<>();
        for (String process : processes) {
            double[] c = new double[names.size()];
            double[] m = new double[names.size()];
            for (int i = 0; i < names.size(); i++) {
                ProcSampler.Usage u = r.systems().get(i).usage().get(process);
                c[i] = u == null ? 0 : u.cpuPercent();
                m[i] = u == null ? 0 : u.peakRssBytes() / 1e6;
            }
            cpu.put(process, c);
            rss.put(process, m);
        }
        plots.put("cpu.svg", Svg.bars("Average CPU per process during each system's phase", "CPU % (100 = one core)", names, cpu, false));
        plots.put("memory.svg", Svg.bars("Peak resident memory per process", "MB", names, rss, false));
        return plots;
    }

    private static double pick(LatencyStats l, String pct) {
        return switch (pct) {
            case "p50" -> l.p50();
            case "p99" -> l.p99();
            default -> l.p999();
        };
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%,.0f", v);
    }

    private static String ms(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** For tests: the rows of the target table. */
    static List<String> verdicts(List<TargetRow> rows) {
        return rows.stream().map(TargetRow::verdict).toList();
    }
}
