package dev.streamscore.loadtest.run;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Options of the report run. {@code --quick} shortens every probe and search for a smoke run.
 *
 * @param systems   which parts to run (default all): jmh, scoring, eos, batch1, ffnn28k, passthrough, remote, drift
 * @param boundMillis p99 bound of the maximum-rate searches
 * @param scoringArgs extra ScoringJob flags for every scoring system (for experiments, e.g. tuning)
 * @param jvmArgs     extra JVM options for every Flink JVM (e.g. GC settings)
 * @param driftArgs   extra DriftApp flags (for experiments, e.g. {@code --kafka.commit.interval.ms 1000})
 * @param driftPartitions partitions of drift-stream's input topics (its parallelism)
 * @param driftThreads    drift-stream's stream threads
 */
public record BenchOptions(Path out, Path workDir, boolean quick, Set<String> systems, boolean jfr,
        double boundMillis, List<Double> latencyRates, int jmhForks, int maxProbes, double searchStart,
        List<String> scoringArgs, List<String> jvmArgs, List<String> driftArgs, int driftPartitions, int driftThreads) {

    public static final List<String> ALL = List.of("jmh", "scoring", "eos", "batch1", "ffnn28k", "ffnn28k-batch1",
            "passthrough", "remote", "drift");

    public static BenchOptions parse(String[] args) {
        Path out = Path.of("load-tests", "target", "report");
        Path work = Path.of(System.getProperty("user.home"), ".streamscore", "bench");
        boolean quick = false;
        Set<String> systems = new LinkedHashSet<>(ALL);
        boolean jfr = false;
        double bound = 250;
        List<Double> rates = List.of(100.0, 1000.0, 5000.0);
        int forks = 0;
        int probes = 5;
        double start = 4000;
        List<String> scoringArgs = List.of();
        List<String> jvmArgs = List.of();
        List<String> driftArgs = List.of();
        int driftPartitions = 4;
        int driftThreads = 2;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--out" -> out = Path.of(args[++i]);
                case "--work-dir" -> work = Path.of(args[++i]);
                case "--quick" -> quick = true;
                case "--jfr" -> jfr = true;
                case "--systems" -> systems = new LinkedHashSet<>(Arrays.asList(args[++i].split(",")));
                case "--bound-ms" -> bound = Double.parseDouble(args[++i]);
                case "--latency-rates" -> rates = Arrays.stream(args[++i].split(",")).map(Double::valueOf).toList();
                case "--jmh-forks" -> forks = Integer.parseInt(args[++i]);
                case "--max-probes" -> probes = Integer.parseInt(args[++i]);
                case "--search-start" -> start = Double.parseDouble(args[++i]);
                case "--scoring-args" -> scoringArgs = List.of(args[++i].trim().split("\\s+"));
                case "--jvm-args" -> jvmArgs = List.of(args[++i].trim().split("\\s+"));
                case "--drift-args" -> driftArgs = List.of(args[++i].trim().split("\\s+"));
                case "--drift-partitions" -> driftPartitions = Integer.parseInt(args[++i]);
                case "--drift-threads" -> driftThreads = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("Unknown option " + a + "; options: --out DIR --work-dir DIR"
                        + " --quick --jfr --systems " + String.join(",", ALL) + " --bound-ms N --latency-rates a,b,c"
                        + " --jmh-forks N --max-probes N --search-start RATE --scoring-args 'FLAGS' --jvm-args 'OPTIONS'"
                        + " --drift-args 'FLAGS' --drift-partitions N --drift-threads N");
            }
        }
        for (String s : systems) {
            if (!ALL.contains(s)) {
                throw new IllegalArgumentException("Unknown system " + s + "; known: " + ALL);
            }
        }
        if (quick) {
            probes = Math.min(probes, 3);
        }
        return new BenchOptions(out, work, quick, systems, jfr, bound, rates, forks, probes, start, scoringArgs, jvmArgs,
                driftArgs, driftPartitions, driftThreads);
    }

    public ProbeTimings timings() {
        return quick ? ProbeTimings.QUICK : ProbeTimings.DEFAULT;
    }

    /** The warm-up before a system's first probe (as short as any probe with {@code --quick}). */
    public ProbeTimings warmUpTimings() {
        return quick ? ProbeTimings.QUICK : ProbeTimings.WARM_UP;
    }

    public boolean runs(String system) {
        return systems.contains(system);
    }
}
