package dev.streamscore.detection;

import dev.streamscore.avro.Alert;
import dev.streamscore.avro.AlertState;
import dev.streamscore.avro.ModelBaseline;
import dev.streamscore.avro.MonitorMetric;
import dev.streamscore.drift.metrics.MetricName;
import dev.streamscore.drift.simulation.SimulatedModel;
import dev.streamscore.simulator.SimulatorConfig;
import dev.streamscore.simulator.TransactionGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the report's experiments: per seed, one stationary run (false alerts, CBPE error) and one
 * run per {@link DriftCase} (stationary windows, then the drift), each on a fresh topology with the
 * default settings. Pure measurement; {@link ReportWriter} turns the {@link Results} into Markdown.
 */
public final class DetectionReport {
    private static final Logger LOG = LoggerFactory.getLogger(DetectionReport.class);
    static final String MODEL_NAME = "fraud";
    /** A stationary window before each drift's onset, so the onset is not the stream's first window. */
    static final int PRE_ONSET_WINDOWS = 1;
    /** The seed and size of the demo model's training sample (SimulatedModel): the "training SD" is theirs. */
    private static final long TRAINING_SEED = 7;
    private static final int TRAINING_ROWS = 80_000;

    /**
     * @param seeds             simulator seeds, one stream per seed and run
     * @param stationaryWindows windows of each seed's stationary run
     * @param eventsPerWindow   events in each one-minute window
     * @param caseFilter        which cases run (all, unless a test narrows it)
     * @param threads           runs at a time (each run is single-threaded, on its own topology)
     */
    public record Settings(List<Long> seeds, int stationaryWindows, int eventsPerWindow, Predicate<DriftCase> caseFilter,
            int threads) {
        public Settings {
            if (seeds.isEmpty() || stationaryWindows < 1 || eventsPerWindow < 1 || threads < 1) {
                throw new IllegalArgumentException("need seeds, stationary windows, events per window and a thread");
            }
        }
    }

    /** What the stationary runs showed, over every seed. */
    public record Stationary(long windows, long expectedWindows, List<Alert> firing, List<Double> accuracyGaps,
            List<Double> aucGaps, double meanLabeledPairs, Map<String, Double> effectMeans) {
        public double falseAlertsPerThousand() {
            return windows == 0 ? Double.NaN : firing.size() * 1_000.0 / windows;
        }
    }

    /**
     * One case over every seed.
     *
     * @param delays        per seed (same order as the settings' seeds), empty where not detected
     * @param firstRules    per seed, the rule of the first relevant alert, or null
     * @param effectMean    mean of the case's effect metric over the drifted windows of every seed
     * @param effectSample  mean sample size of that metric there
     */
    public record CaseResult(DriftCase driftCase, List<OptionalInt> delays, List<String> firstRules, double effectMean,
            double effectSample, long preOnsetFiring) {
        public long detected() {
            return delays.stream().filter(OptionalInt::isPresent).count();
        }
    }

    public record Results(Settings settings, Duration window, double sdLog1pAmount, Stationary stationary,
            List<CaseResult> cases, Duration elapsed, String holdout) {
    }

    private final SimulatedModel model;
    private final Settings settings;
    private final ModelBaseline baseline;

    public DetectionReport(SimulatedModel model, Settings settings) {
        this.model = model;
        this.settings = settings;
        this.baseline = model.baseline(MODEL_NAME);
    }

    public Results run() {
        long started = System.nanoTime();
        double sdLog1p = trainingSdOfLog1pAmount();
        List<DriftCase> cases = DriftCases.all(model, sdLog1p).stream().filter(settings.caseFilter()).toList();
        Stationary stationary = stationary(cases);
        List<CaseResult> results = new ArrayList<>();
        for (DriftCase c : cases) {
            results.add(drift(c));
        }
        return new Results(settings, window(), sdLog1p, stationary, results, Duration.ofNanos(System.nanoTime() - started),
                String.format(java.util.Locale.ROOT, "holdout AUC %.4f, threshold %.4f, label rate %.4f",
                        model.card().holdout().auc(), model.card().output().threshold(), model.card().profile().labelRate()));
    }

    private Stationary stationary(List<DriftCase> cases) {
        RunLayout layout = layout(settings.stationaryWindows(), settings.stationaryWindows());
        long windows = 0;
        List<Alert> firing = new ArrayList<>();
        List<Double> accuracyGaps = new ArrayList<>();
        List<Double> aucGaps = new ArrayList<>();
        double labeledPairs = 0;
        Map<String, double[]> effects = new LinkedHashMap<>();
        List<TopologyRun.Output> outputs = runSeeds(layout, TrafficChange.NONE, "stationary");
        for (TopologyRun.Output out : outputs) {
            List<MonitorMetric> inRun = inWindows(out.metrics(), layout, 0, layout.windows());
            windows += closedWindows(inRun);
            firing.addAll(distinctFiring(out.alerts()));
            for (MonitorMetric m : inRun) {
                if (m.getSegment() == null && m.getMetric().equals(MetricName.ACCURACY_ESTIMATE_GAP)) {
                    accuracyGaps.add(m.getValue());
                    labeledPairs += m.getSampleSize();
                } else if (m.getSegment() == null && m.getMetric().equals(MetricName.AUC_ESTIMATE_GAP)) {
                    aucGaps.add(m.getValue());
                }
            }
            for (DriftCase c : cases) {
                effects.computeIfAbsent(c.effect().label(), k -> new double[2]);
                double[] sum = effects.get(c.effect().label());
                for (MonitorMetric m : inRun) {
                    if (matches(c.effect(), m)) {
                        sum[0] += m.getValue();
                        sum[1]++;
                    }
                }
            }
        }
        Map<String, Double> effectMeans = new LinkedHashMap<>();
        effects.forEach((label, sum) -> effectMeans.put(label, sum[1] == 0 ? Double.NaN : sum[0] / sum[1]));
        return new Stationary(windows, (long) layout.windows() * settings.seeds().size(), List.copyOf(firing),
                List.copyOf(accuracyGaps), List.copyOf(aucGaps),
                accuracyGaps.isEmpty() ? Double.NaN : labeledPairs / accuracyGaps.size(), effectMeans);
    }

    private CaseResult drift(DriftCase c) {
        RunLayout layout = layout(PRE_ONSET_WINDOWS + c.driftWindows(), PRE_ONSET_WINDOWS);
        List<OptionalInt> delays = new ArrayList<>();
        List<String> firstRules = new ArrayList<>();
        double effectSum = 0;
        double effectSamples = 0;
        long effectCount = 0;
        long preOnsetFiring = 0;
        for (TopologyRun.Output out : runSeeds(layout, c.change(), c.name())) {
            OptionalInt delay = Delays.delay(out.alerts(), c.relevant(), layout);
            delays.add(delay);
            firstRules.add(out.alerts().stream()
                    .filter(a -> a.getState() == AlertState.FIRING && c.relevant().test(a)
                            && layout.windowIndex(a.getWindowStart()) >= layout.onsetWindow())
                    .map(a -> a.getRule() + (a.getFeature() != null ? "(" + a.getFeature() + ")" : "")
                            + (a.getSegment() != null ? "[" + a.getSegment() + "]" : ""))
                    .findFirst().orElse(null));
            preOnsetFiring += distinctFiring(out.alerts()).stream()
                    .filter(a -> layout.windowIndex(a.getWindowStart()) < layout.onsetWindow()).count();
            for (MonitorMetric m : inWindows(out.metrics(), layout, layout.onsetWindow(), layout.windows())) {
                if (matches(c.effect(), m)) {
                    effectSum += m.getValue();
                    effectSamples += m.getSampleSize();
                    effectCount++;
                }
            }
        }
        return new CaseResult(c, List.copyOf(delays), firstRules, effectCount == 0 ? Double.NaN : effectSum / effectCount,
                effectCount == 0 ? Double.NaN : effectSamples / effectCount, preOnsetFiring);
    }

    /** One run per seed, {@code threads} at a time; the outputs in seed order. */
    private List<TopologyRun.Output> runSeeds(RunLayout layout, TrafficChange change, String name) {
        long began = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(settings.threads());
        try {
            List<Future<TopologyRun.Output>> futures = new ArrayList<>();
            for (long seed : settings.seeds()) {
                futures.add(pool.submit(() -> TopologyRun.run(baseline,
                        RunTraffic.generate(layout, seed, change, model, MODEL_NAME), List.of())));
            }
            List<TopologyRun.Output> outputs = new ArrayList<>();
            for (Future<TopologyRun.Output> f : futures) {
                outputs.add(f.get());
            }
            LOG.info("{}: {} seeds x {} windows in {} s", name, settings.seeds().size(), layout.windows(),
                    Duration.ofNanos(System.nanoTime() - began).toSeconds());
            return outputs;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(name + ": a run failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private RunLayout layout(int windows, int onsetWindow) {
        return new RunLayout(SimulatorConfig.DEFAULT_START_TIME, window(), settings.eventsPerWindow(), windows, onsetWindow);
    }

    /** The topology's default window: the report measures the defaults. */
    private static Duration window() {
        return dev.streamscore.drift.DriftConfig.from(new String[] {"--bootstrap-servers", "unused:9092"}, Map.of())
                .windowSize();
    }

    private static List<MonitorMetric> inWindows(List<MonitorMetric> metrics, RunLayout layout, int from, int to) {
        return metrics.stream().filter(m -> {
            int w = layout.windowIndex(m.getWindowStart());
            return w >= from && w < to;
        }).toList();
    }

    /** Served windows the topology closed and reported (its {@code served/events} count, one per window). */
    static long closedWindows(List<MonitorMetric> metrics) {
        return metrics.stream().filter(m -> m.getKind().equals("served") && m.getMetric().equals(MetricName.EVENTS)
                && m.getSegment() == null).map(MonitorMetric::getWindowStart).distinct().count();
    }

    /** One entry per alert: an escalation (WARNING to CRITICAL) fires the same alert id again and is not a new alert. */
    static List<Alert> distinctFiring(List<Alert> alerts) {
        Map<String, Alert> byId = new LinkedHashMap<>();
        for (Alert a : alerts) {
            if (a.getState() == AlertState.FIRING) {
                byId.putIfAbsent(a.getAlertId(), a);
            }
        }
        return List.copyOf(byId.values());
    }

    private static boolean matches(DriftCase.EffectMetric effect, MonitorMetric m) {
        return m.getKind().equals(effect.kind()) && m.getMetric().equals(effect.metric())
                && Objects.equals(m.getFeature(), effect.feature()) && Objects.equals(m.getSegment(), effect.segment())
                && !Double.isNaN(m.getValue());
    }

    /** The training SD of log1p(amount): the simulator's stationary sample the demo model is trained on. */
    static double trainingSdOfLog1pAmount() {
        TransactionGenerator generator = new TransactionGenerator(SimulatorConfig.defaults().withSeed(TRAINING_SEED));
        double sum = 0;
        double sumSq = 0;
        for (int i = 0; i < TRAINING_ROWS; i++) {
            double x = Math.log1p(generator.next().transaction().getAmount());
            sum += x;
            sumSq += x * x;
        }
        double mean = sum / TRAINING_ROWS;
        return Math.sqrt(sumSq / TRAINING_ROWS - mean * mean);
    }

    static Map<String, Long> countByRule(List<Alert> alerts) {
        Map<String, Long> counts = new HashMap<>();
        for (Alert a : alerts) {
            counts.merge(a.getKind() + "/" + a.getRule() + (a.getFeature() != null ? " (" + a.getFeature() + ")" : "")
                    + (a.getSegment() != null ? " [" + a.getSegment() + "]" : ""), 1L, Long::sum);
        }
        return counts;
    }
}
