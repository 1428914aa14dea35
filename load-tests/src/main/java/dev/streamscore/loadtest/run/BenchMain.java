package dev.streamscore.loadtest.run;

import dev.streamscore.drift.DriftFlags;
import dev.streamscore.local.FreePorts;
import dev.streamscore.local.LocalProcess;
import dev.streamscore.local.LocalStack;
import dev.streamscore.local.LocalStackConfig;
import dev.streamscore.local.StreamScoreApp;
import dev.streamscore.local.TopicSpec;
import dev.streamscore.loadtest.drift.ConsumerLag;
import dev.streamscore.loadtest.drift.DriftBenchTopics;
import dev.streamscore.loadtest.drift.DriftLoadGenerator;
import dev.streamscore.loadtest.drift.DriftProbeRunner;
import dev.streamscore.loadtest.generator.LoadGenerator;
import dev.streamscore.loadtest.generator.OpenLoopSchedule;
import dev.streamscore.loadtest.meter.LatencyRecorder;
import dev.streamscore.loadtest.meter.PredictionMeter;
import dev.streamscore.loadtest.process.ProcSampler;
import dev.streamscore.loadtest.report.BenchReport;
import dev.streamscore.loadtest.report.ReportWriter;
import dev.streamscore.loadtest.report.Targets;
import dev.streamscore.model.bundle.ModelBundle;
import dev.streamscore.schemas.registry.SchemaRegistryClient;
import dev.streamscore.schemas.registry.SchemaRegistryClientConfig;
import dev.streamscore.scoring.ScoringFlags;
import dev.streamscore.schemas.registry.SchemaRegistryClients;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import dev.streamscore.loadtest.search.RateSearch;

/**
 * The report run: starts the local stack (real KRaft broker and Apicurio Registry as child JVMs),
 * trains the two models if needed, runs JMH, then each system under test in JVMs of its own
 * (scoring job on its runtime classpath, baselines, drift app) with open-loop load, fixed-rate
 * latency probes and a maximum-rate search, samples CPU and memory of every process, and writes
 * the Markdown + HTML report with SVG plots. Prints progress while it runs and a summary table.
 *
 * <p>{@code BenchMain [--out DIR] [--quick] [--systems a,b] [--jfr] ...} (see {@link BenchOptions}).
 */
public final class BenchMain {
    /** The same heap for every Flink JVM, all touched up front, so RSS differences are off-heap. */
    static final List<String> FLINK_JVM = List.of("-Xms768m", "-Xmx768m", "-XX:+AlwaysPreTouch");
    static final int EOS_CHECKPOINT_MS = 1000;

    private final BenchOptions options;
    private final PrintStream out;
    /** This module and its dependencies: the baseline jobs' and the model server's classpath. */
    private static final String OWN_CLASSPATH = System.getProperty("java.class.path");
    private final List<LocalProcess> children = new CopyOnWriteArrayList<>();
    private LocalStack stack;
    private SchemaRegistryClient registry;
    private ProcSampler sampler;
    private ModelBundle demo;
    private ModelBundle ffnn;

    private BenchMain(BenchOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        new BenchMain(options, System.out).run();
        System.exit(0);
    }

    private void run() throws Exception {
        Instant started = Instant.now();
        String date = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC).format(started);
        String machine = Machine.describe();
        Files.createDirectories(options.out().resolve("logs"));
        out.println("StreamScore load tests, " + date + (options.quick() ? " (quick)" : ""));
        out.println("Machine: " + machine);
        out.println("Report folder: " + options.out().toAbsolutePath());
        Thread cleanup = new Thread(this::stopAll, "bench-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        List<SystemResult> systems = new ArrayList<>();
        List<JmhRow> jmh = List.of();
        double startLoad = Machine.loadAverage();
        try {
            sampler = new ProcSampler();
            step("Starting Kafka (KRaft) and Apicurio Registry as child JVMs");
            stack = LocalStack.start(LocalStackConfig.forTests());
            registry = SchemaRegistryClients.create(SchemaRegistryClientConfig.of(stack.registryUrl()));
            step("Models (real TF SavedModels from the model module's trainer)");
            demo = BenchModels.ensure(options.workDir(), BenchModels.DEMO, out);
            ffnn = BenchModels.ensure(options.workDir(), BenchModels.FFNN_28K, out);
            out.printf("  demo %s: %,d parameters; ffnn28k %s: %,d parameters%n", demo.card().key(),
                    demo.card().training().parameters(), ffnn.card().key(), ffnn.card().training().parameters());
            if (options.runs("jmh")) {
                step("JMH: TF Java batched inference and the plain-Java forward pass");
                jmh = JmhRunner.run(BenchModels.root(options.workDir()), options.out(), options.jmhForks(),
                        options.quick(), out);
                jmh.forEach(r -> out.printf("    %-12s %-8s batch %3d  %9.1f us/call  %,12.0f rows/s%n",
                        r.benchmark(), r.model(), r.batch(), r.microsPerCall(), r.rowsPerSecond()));
            }
            for (SystemPlan plan : plans()) {
                if (options.runs(plan.name().equals("scoring-demo") ? "scoring" : planKey(plan.name()))) {
                    systems.add(runSystem(plan));
                }
            }
            if (options.runs("drift")) {
                systems.add(runDrift());
            }
        } finally {
            stopAll();
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException shuttingDown) {
                // The hook runs anyway.
            }
        }
        Duration took = Duration.between(started, Instant.now());
        BenchReport report = new BenchReport(date, machine, startLoad, took, options.quick(),
                demo.card().training().parameters(), ffnn.card().training().parameters(), jmh, systems,
                Targets.evaluate(systems, EOS_CHECKPOINT_MS));
        Path written = ReportWriter.write(options.out(), report);
        out.println();
        out.print(ReportWriter.summary(report));
        out.println("Report: " + written.toAbsolutePath() + " (and report.html, *.svg)");
    }

    private static String planKey(String name) {
        return switch (name) {
            case "scoring-demo-eos" -> "eos";
            case "scoring-demo-batch1" -> "batch1";
            case "scoring-ffnn28k" -> "ffnn28k";
            case "scoring-ffnn28k-batch1" -> "ffnn28k-batch1";
            case "pass-through" -> "passthrough";
            case "remote-model-server" -> "remote";
            default -> name;
        };
    }

    private List<SystemPlan> plans() {
        List<Double> rates = options.latencyRates();
        List<SystemPlan> plans = new ArrayList<>();
        // The baseline first: the broker has just started, and its JIT warm-up would otherwise
        // fall on the first system measured (seen as 2-3x the p99 of later systems at the same rate).
        plans.add(plan("pass-through", "Baseline (a): same Kafka source and sink, Avro decode + encode, "
                + "no scoring", t -> List.of(baselineJob("pass-through", "dev.streamscore.loadtest.baseline.PassThroughJob",
                        t, List.of())), false, List.of(5000.0), 20, true));
        plans.add(plan("scoring-demo", "ScoringJob, demo model, micro-batches of up to 64 (defaults), "
                + "at-least-once", t -> List.of(scoringJob("scoring-demo", t, demo, Map.of())), false, rates, 20, true));
        plans.add(plan("scoring-demo-eos", "ScoringJob, demo model, exactly-once, checkpoints every "
                + EOS_CHECKPOINT_MS + " ms", t -> List.of(scoringJob("scoring-demo-eos", t, demo, Map.of(
                        "delivery-guarantee", "exactly-once", "checkpoint-interval-ms", EOS_CHECKPOINT_MS,
                        "checkpoint-dir", options.out().resolve("checkpoints").toAbsolutePath()))),
                true, List.of(5000.0), EOS_CHECKPOINT_MS + 100, false));
        plans.add(plan("scoring-demo-batch1", "ScoringJob, demo model, --max-batch-size 1 (per-event "
                + "scoring, the naive embedding)", t -> List.of(scoringJob("scoring-demo-batch1", t, demo,
                        Map.of("max-batch-size", 1))), false, List.of(), options.boundMillis(), true));
        plans.add(plan("scoring-ffnn28k", "ScoringJob, 28K-parameter FFNN, micro-batches of up to 64",
                t -> List.of(scoringJob("scoring-ffnn28k", t, ffnn, Map.of())), false, List.of(5000.0), 20, true));
        plans.add(plan("scoring-ffnn28k-batch1", "ScoringJob, 28K-parameter FFNN, --max-batch-size 1",
                t -> List.of(scoringJob("scoring-ffnn28k-batch1", t, ffnn, Map.of("max-batch-size", 1))),
                false, List.of(), options.boundMillis(), true));
        plans.add(plan("remote-model-server", "Baseline (d): demo model behind a local HTTP server "
                + "(JDK HttpServer), one call per event via Flink async I/O", this::remoteSystem, false, List.of(),
                options.boundMillis(), true));
        return plans;
    }

    private SystemPlan plan(String name, String description, SystemPlan.Launcher launcher, boolean committed,
            List<Double> rates, double bound, boolean search) {
        // Near each system's expected maximum, so that the probe budget goes to bisection: from
        // 4,000/s the doubling alone used all five probes on the micro-batched jobs, which left their
        // maximum known only within a factor of 2.
        double start = switch (name) {
            case "pass-through" -> options.searchStart() * 8;
            case "scoring-demo", "scoring-ffnn28k" -> options.searchStart() * 4;
            case "scoring-demo-batch1", "scoring-ffnn28k-batch1" -> options.searchStart() / 2;
            case "remote-model-server" -> options.searchStart() / 8;
            default -> options.searchStart();
        };
        return new SystemPlan(name, description, launcher, committed, rates, bound, search, start);
    }

    private LocalProcess scoringJob(String name, SystemPlan.Topics t, ModelBundle model, Map<String, ?> extra) {
        Map<String, Object> settings = new LinkedHashMap<>(Map.of("bootstrap-servers", stack.bootstrapServers(),
                "registry-url", stack.registryUrl(), "input-topic", t.input(), "predictions-topic", t.output(),
                "dead-letter-topic", t.deadLetters(), "model-updates-topic", t.modelUpdates(),
                "alerts-topic", t.alerts(), "group-id", name, "model-dir", model.directory().toAbsolutePath(),
                "starting-offsets", "latest"));
        settings.putAll(extra);
        List<String> args = new ArrayList<>(ScoringFlags.SPEC.toArgs(settings));
        args.addAll(options.scoringArgs());
        return start(name, StreamScoreApp.SCORING_JOB.classpath(), StreamScoreApp.SCORING_JOB.mainClass(), args);
    }

    private LocalProcess baselineJob(String name, String main, SystemPlan.Topics t, List<String> extra) {
        List<String> args = new ArrayList<>(List.of("--bootstrap-servers", stack.bootstrapServers(),
                "--registry-url", stack.registryUrl(), "--input-topic", t.input(), "--output-topic", t.output(),
                "--group-id", name));
        args.addAll(extra);
        return start(name, OWN_CLASSPATH, main, args);
    }

    private List<LocalProcess> remoteSystem(SystemPlan.Topics t) throws Exception {
        int port = FreePorts.pick(1).get(0);
        LocalProcess server = child("model-server", OWN_CLASSPATH, List.of("-Xmx256m"),
                "dev.streamscore.loadtest.baseline.ModelServerMain", List.of("--bundle",
                        demo.directory().toAbsolutePath().toString(), "--port", Integer.toString(port)));
        server.awaitLog("READY", Duration.ofMinutes(2));
        return List.of(server, baselineJob("remote-model-server", "dev.streamscore.loadtest.baseline.RemoteScoringJob", t,
                List.of("--bundle", demo.directory().toAbsolutePath().toString(),
                        "--server-url", "http://127.0.0.1:" + port + "/v1/score")));
    }

    private LocalProcess start(String name, String classpath, String main, List<String> args) {
        List<String> jvm = new ArrayList<>(FLINK_JVM);
        jvm.addAll(options.jvmArgs());
        jvm.addAll(flightRecording(name));
        return child(name, classpath, jvm, main, args);
    }

    /** A system under test in a JVM of its own, under the watchdog; its log in the run's logs/, its PID file in pids/. */
    private LocalProcess child(String name, String classpath, List<String> jvm, String main, List<String> args) {
        Path dir = options.out().toAbsolutePath();
        LocalProcess child = LocalProcess.start(name, dir, dir.resolve("logs"), classpath, jvm, main, args);
        children.add(child);
        return child;
    }

    private List<String> flightRecording(String name) {
        return options.jfr() ? List.of("-XX:StartFlightRecording=filename="
                + options.out().resolve(name + ".jfr").toAbsolutePath() + ",settings=profile,dumponexit=true") : List.of();
    }

    private SystemResult runSystem(SystemPlan plan) throws Exception {
        step(plan.name() + ": " + plan.description());
        SystemPlan.Topics topics = new SystemPlan.Topics(plan.name());
        stack.createTopics(List.of(TopicSpec.of(topics.input(), 1), TopicSpec.of(topics.output(), 1),
                TopicSpec.of(topics.deadLetters(), 1), TopicSpec.compacted(topics.modelUpdates(), 1),
                TopicSpec.of(topics.alerts(), 1)));
        List<LocalProcess> jvms = plan.launcher().start(topics);
        List<PredictionMeter> meters = new ArrayList<>();
        List<ProbeResult> probes = new ArrayList<>();
        List<FixedRateCpu> fixedRateCpu = new ArrayList<>();
        SearchOutcome outcome = null;
        String note = "";
        long sentBefore = 0;
        long events = 0;
        try (LoadGenerator generator = new LoadGenerator(stack.bootstrapServers(), registry, topics.input(), Map.of(), 42)) {
            meters.add(new PredictionMeter(stack.bootstrapServers(), topics.output(), "read_uncommitted", registry));
            if (plan.committedMeter()) {
                meters.add(new PredictionMeter(stack.bootstrapServers(), topics.output(), "read_committed", null));
            }
            awaitFlowing(plan.name(), generator, meters.get(meters.size() - 1), jvms);
            sampler.phase(pids(jvms));
            sentBefore = generator.totalSent();
            ProbeRunner runner = new ProbeRunner(generator, meters, out);
            // JIT warm-up of every JVM on the path, not measured: the first seconds after a start
            // are several times slower and would decide the first probe.
            // On 2 cores the JIT needs ~30 s of traffic: p99 kept falling from 0.4 s to 60 ms over
            // the first three probes after a start.
            out.println("  warm-up (not measured):");
            // Never above where the search starts: an overloaded system leaves a backlog for the first probe.
            runner.run(plan.name() + " (warm-up)", Math.min(3000, plan.searchStart()), options.warmUpTimings(),
                    Double.MAX_VALUE);
            for (double rate : plan.rates()) {
                Map<String, Double> cpuBefore = sampler.cpuSeconds();
                long sentAtStart = generator.totalSent();
                probes.add(runner.run(plan.name(), rate, options.timings(), plan.boundMillis()));
                fixedRateCpu.add(FixedRateCpu.between(rate, generator.totalSent() - sentAtStart, cpuBefore,
                        sampler.cpuSeconds()));
            }
            if (plan.search() && options.maxProbes() > 0) {
                outcome = search(plan.name(), plan.searchStart(), (rate) -> runner.run(plan.name(), rate,
                        options.timings(), options.boundMillis()), probes);
            }
            events = generator.totalSent() - sentBefore;
        } catch (RuntimeException e) {
            note = "failed: " + e.getMessage();
            out.println("  " + plan.name() + " FAILED: " + e);
        } finally {
            for (PredictionMeter meter : meters) {
                meter.close();
            }
        }
        Map<String, ProcSampler.Usage> usage = sampler.usage();
        jvms.forEach(this::stop);
        return result(plan.name(), plan.description(), probes, outcome, usage, note, events, fixedRateCpu);
    }

    /** A probe function that may be interrupted. */
    @FunctionalInterface
    private interface Prober {
        ProbeResult probe(double rate) throws InterruptedException;
    }

    /** What a rate search found: the highest sustained rate, and the lowest failed one (null when none failed). */
    private record SearchOutcome(double best, Double lowestFailed) {
    }

    private SearchOutcome search(String name, double start, Prober prober, List<ProbeResult> probes)
            throws InterruptedException {
        RateSearch search = new RateSearch(start, 2, 256_000, 0.15, options.maxProbes());
        // A fixed-rate probe that already ran counts as the search's own (no need to run it twice).
        for (OptionalDouble next = search.next(); next.isPresent(); next = search.next()) {
            double rate = Math.round(next.getAsDouble());
            ProbeResult result = prober.probe(rate);
            probes.add(result);
            search.report(rate, result.sustained());
        }
        out.printf("  %s: highest sustained rate %.0f events/s (lowest failed %.0f)%n", name, search.best(),
                search.lowestFailed());
        return new SearchOutcome(search.best(), Double.isNaN(search.lowestFailed()) ? null : search.lowestFailed());
    }

    /** Sends a trickle until the first outputs show up: the job is running and has its model. */
    private void awaitFlowing(String name, LoadGenerator generator, PredictionMeter meter, List<LocalProcess> jvms)
            throws InterruptedException {
        LatencyRecorder recorder = new LatencyRecorder();
        String tag = "w" + Long.toString(System.nanoTime() % 100_000, 36);
        meter.watch(tag, recorder);
        LoadGenerator.Run run = generator.start(tag, OpenLoopSchedule.constant(50, 180_000_000_000L));
        long started = System.nanoTime();
        try {
            while (recorder.seen() < 20) {
                for (LocalProcess jvm : jvms) {
                    if (!jvm.isAlive()) {
                        throw new IllegalStateException(jvm.name() + " exited; see " + jvm.logFile());
                    }
                }
                if (System.nanoTime() - started > 180_000_000_000L) {
                    throw new IllegalStateException(name + " produced no output in 180 s; see " + options.out().resolve("logs"));
                }
                Thread.sleep(200);
            }
        } finally {
            run.stop();
            run.await();
        }
        out.printf("  %s is flowing (first outputs %.1f s after start of the trickle)%n", name,
                (System.nanoTime() - started) / 1e9);
        Thread.sleep(1000);
    }

    private SystemResult runDrift() throws Exception {
        String name = "drift-stream";
        int partitions = options.driftPartitions();
        int threads = options.driftThreads();
        String description = String.format("DriftApp (Kafka Streams, exactly-once v2): predictions + labels joined, "
                + "10 s windows, every metric and alert rule; %d input partitions, %d stream threads, one instance",
                partitions, threads);
        step(name + ": " + description);
        DriftBenchTopics topics = new DriftBenchTopics(name);
        String predictions = topics.predictions();
        String labels = topics.labels();
        stack.createTopics(topics.specs(partitions));
        publishBaseline(topics.modelBaselines());
        Path stateDir = options.out().resolve("drift-state").toAbsolutePath();
        String appId = "bench-drift-" + System.currentTimeMillis();
        List<String> jvm = new ArrayList<>(List.of("-Xmx768m"));
        jvm.addAll(flightRecording(name));
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("bootstrap-servers", stack.bootstrapServers());
        settings.put("registry-url", stack.registryUrl());
        settings.put("application-id", appId);
        settings.put("state-dir", stateDir);
        settings.putAll(topics.settings());
        settings.put("window-size", Duration.ofSeconds(10));
        settings.put("max-label-delay", Duration.ofSeconds(30));
        settings.put("http-port", -1);
        settings.put("stream-threads", threads);
        List<String> args = new ArrayList<>(DriftFlags.SPEC.toArgs(settings));
        args.addAll(options.driftArgs());
        LocalProcess app = child(name, StreamScoreApp.DRIFT.classpath(), jvm, StreamScoreApp.DRIFT.mainClass(), args);
        List<ProbeResult> probes = new ArrayList<>();
        SearchOutcome outcome = null;
        String note = "";
        long sentBefore = 0;
        long events = 0;
        try (DriftLoadGenerator generator = new DriftLoadGenerator(stack.bootstrapServers(), registry, predictions,
                labels, demo.card());
                ConsumerLag lag = new ConsumerLag(stack.bootstrapServers(), appId, List.of(predictions, labels))) {
            app.awaitLog("-> RUNNING", Duration.ofMinutes(3));
            sampler.phase(pids(List.of(app)));
            sentBefore = generator.sent();
            DriftProbeRunner runner = new DriftProbeRunner(generator, lag, out);
            // As for the scoring systems: a cold app spent the first seconds of the first probe
            // JIT-compiling and initializing its transactions, failed it, and the search never went back up.
            out.println("  warm-up (not measured):");
            runner.run(name + " (warm-up)", Math.min(1000, options.searchStart() / 2), options.warmUpTimings());
            // Twice as long as a scoring probe: a trend needs several commits of the app in the window.
            ProbeTimings driftTimings = options.timings().scaled(2);
            outcome = options.maxProbes() > 0 ? search(name, options.searchStart() / 2,
                    rate -> runner.run(name, rate, driftTimings), probes) : null;
            long bytes = directorySize(stateDir);
            // Every second of load (the warm-up's too) fell into some 10 s window; the state holds
            // their aggregates (and the join's pending records), so bytes per window covered is the
            // figure that scales.
            long seconds = options.warmUpTimings().load().toSeconds() + probes.size() * driftTimings.load().toSeconds();
            long windows = Math.max(1, (seconds + 9) / 10);
            note = String.format("state on disk after the run: %.1f MB, about %.2f MB per 10 s window covered "
                    + "(%d windows over %d probes)", bytes / 1e6, bytes / 1e6 / windows, windows, probes.size());
            events = generator.sent() - sentBefore;
        } catch (RuntimeException e) {
            note = "failed: " + e.getMessage();
            out.println("  drift-stream FAILED: " + e);
        }
        Map<String, ProcSampler.Usage> usage = sampler.usage();
        stop(app);
        return result(name, description, probes, outcome, usage, note, events, List.of());
    }

    private static SystemResult result(String name, String description, List<ProbeResult> probes, SearchOutcome outcome,
            Map<String, ProcSampler.Usage> usage, String note, long events, List<FixedRateCpu> fixedRateCpu) {
        return new SystemResult(name, description, probes, outcome == null ? null : outcome.best(),
                outcome == null ? null : outcome.lowestFailed(), usage, note, events, fixedRateCpu);
    }

    private void publishBaseline(String baselinesTopic) {
        java.util.Properties kafka = new java.util.Properties();
        kafka.put("bootstrap.servers", stack.bootstrapServers());
        dev.streamscore.scoring.publish.ModelPublisher.publish(demo, dev.streamscore.avro.ModelRole.CHAMPION, 1.0,
                false, null, "load-tests", kafka, registry, "drift-stream-model-updates", baselinesTopic);
    }

    private Map<String, Long> pids(List<LocalProcess> jvms) {
        Map<String, Long> pids = new LinkedHashMap<>();
        jvms.forEach(j -> pids.put(j.name(), j.pid()));
        pids.put("kafka-broker", stack.childPids().get(0));
        pids.put("registry", stack.childPids().get(1));
        pids.put("load-generator+meter", ProcessHandle.current().pid());
        return pids;
    }

    private static long directorySize(Path dir) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException e) {
            return 0;
        }
    }

    private void stop(LocalProcess jvm) {
        jvm.close();
        children.remove(jvm);
    }

    private void stopAll() {
        for (LocalProcess child : children) {
            child.close();
        }
        children.clear();
        if (sampler != null) {
            sampler.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    private void step(String text) {
        out.printf("%n[%s] %s%n", DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC).format(Instant.now()), text);
    }
}
