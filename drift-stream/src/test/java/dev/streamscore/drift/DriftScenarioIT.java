package dev.streamscore.drift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamscore.avro.Alert;
import dev.streamscore.avro.AlertState;
import dev.streamscore.avro.Label;
import dev.streamscore.avro.MonitorMetric;
import dev.streamscore.avro.Prediction;
import dev.streamscore.drift.ItKafka.Tail;
import dev.streamscore.drift.ItKafka.Timed;
import dev.streamscore.drift.simulation.SimulatedModel;
import dev.streamscore.drift.simulation.SimulatedTraffic;
import dev.streamscore.local.testing.LocalStackExtension;
import dev.streamscore.local.testing.TestStack;
import dev.streamscore.model.card.ModelCard;
import dev.streamscore.model.features.FeatureSpec;
import dev.streamscore.model.features.FeatureType;
import dev.streamscore.simulator.Scenario;
import dev.streamscore.simulator.ScenarioSchedule;
import dev.streamscore.simulator.SimulatorConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulator's drift scenarios through the real {@link DriftApp} on the real broker and
 * registry, with the demo model trained on simulator data. Each scenario is its own model (the
 * same trained model under the name {@code fraud-<scenario>}), so one app instance monitors all of
 * them side by side, as it would a team's models, and each scenario is asserted on its own alerts.
 * The predictions are scored in-process exactly as the scoring job scores them; labels follow
 * their events by the simulator's label delay (median 2 s here). Everything runs on event time
 * (5 s windows), so no test waits for a window to pass on the clock.
 *
 * <p>All defaults of the alert rules apply; each stream's simulator seed is fixed, so the data, and
 * so the result, are the same on every run.
 */
@ExtendWith(LocalStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DriftScenarioIT {
    private static final Logger LOG = LoggerFactory.getLogger(DriftScenarioIT.class);
    private static final long STATIONARY_SEED = 44;
    private static final Duration WINDOW = Duration.ofSeconds(5);
    private static final Duration MAX_LABEL_DELAY = Duration.ofSeconds(10);
    /** A liveness bound, not a speed claim: about a minute here when quiet, several under a loaded CI. */
    private static final Duration TIMEOUT = Duration.ofMinutes(10);
    private static final int STATIONARY_WINDOWS = 50;

    /**
     * A scenario switched on at the start of window {@code onsetWindow}, run for {@code windows}
     * windows of {@code eventsPerWindow} events, and the alert it must raise.
     */
    enum Case {
        COVARIATE_SHIFT(Scenario.COVARIATE_SHIFT, 43, 1_000, 3, 6, "data_drift", "psi", "amount", null),
        SKEW_BUG_CENTS(Scenario.SKEW_BUG_CENTS, 46, 1_000, 3, 6, "skew", "out_of_range_share", "amount", null),
        NEW_MERCHANT_CATEGORY(Scenario.NEW_MERCHANT_CATEGORY, 47, 1_000, 3, 6, "skew", "unseen_category_share",
                "merchant_category", null),
        // Per-segment recall needs labeled positives in each group (min-group-size 30), in the window and
        // in the card's holdout: at a 2.5 % fraud rate and 10 % business cards that takes windows of
        // thousands of events. Business cards' recall falls away from the holdout's.
        BIAS_CREEP(Scenario.BIAS_CREEP, 42, 6_000, 1, 3, "bias", "recall_vs_holdout", null, "customer_segment=business"),
        CONCEPT_DRIFT(Scenario.CONCEPT_DRIFT, 49, 1_000, 3, 6, "performance", "auc", null, null);

        final Scenario scenario;
        /** Each stream its own seed: event ids are {@code txn-<seed>-<i>}, and one label joins every prediction of its id. */
        final long seed;
        final int eventsPerWindow;
        final int onsetWindow;
        final int windows;
        final String kind;
        final String metric;
        final String feature;
        final String segment;

        Case(Scenario scenario, long seed, int eventsPerWindow, int onsetWindow, int windows, String kind, String metric,
                String feature, String segment) {
            this.scenario = scenario;
            this.seed = seed;
            this.eventsPerWindow = eventsPerWindow;
            this.onsetWindow = onsetWindow;
            this.windows = windows;
            this.kind = kind;
            this.metric = metric;
            this.feature = feature;
            this.segment = segment;
        }

        String modelName() {
            return "fraud-" + scenario.wireName().replace('_', '-');
        }

        /** Whether the scenario leaves the features as in training (only labels change). */
        boolean featuresUnchanged() {
            return scenario == Scenario.CONCEPT_DRIFT || scenario == Scenario.BIAS_CREEP;
        }
    }

    private static final String STATIONARY = "fraud-stationary";

    private SimulatedModel model;
    private DriftApp app;
    private final Map<String, List<MonitorMetric>> metricsByModel = new HashMap<>();
    private final Map<String, List<Alert>> alertsByModel = new HashMap<>();
    private Instant start;

    @BeforeAll
    void runEveryScenarioThroughTheApp(TestStack stack, @TempDir Path stateDir) {
        long began = System.nanoTime();
        model = SimulatedModel.shared();
        DriftItTopics topics = DriftItTopics.create(stack, "scenarios", 2);
        start = ItKafka.recentStart();

        List<Timed> records = new ArrayList<>();
        Map<String, Long> lastWindowStart = new HashMap<>();
        long expectedLabeled = 0;
        expectedLabeled += traffic(STATIONARY, STATIONARY_SEED, ScenarioSchedule.stationary(), 1_000, STATIONARY_WINDOWS, topics,
                records, lastWindowStart);
        for (Case c : Case.values()) {
            expectedLabeled += traffic(c.modelName(), c.seed, ScenarioSchedule.switchingTo(c.scenario,
                    WINDOW.multipliedBy(c.onsetWindow)), c.eventsPerWindow, c.windows, topics, records, lastWindowStart);
        }
        List<Timed> baselines = lastWindowStart.keySet().stream()
                .map(name -> new Timed(topics.baselines(), name + "@" + SimulatedModel.VERSION, model.baseline(name),
                        System.currentTimeMillis()))
                .toList();
        ItKafka.sendInTimeOrder(stack, baselines);
        // Ticks 20 minutes after the data in every input partition close every window; on the broker
        // with the data before the app starts, so the app reads it all as a backlog, each partition at
        // its own pace.
        Prediction template = (Prediction) records.stream().filter(r -> r.value() instanceof Prediction).findFirst()
                .orElseThrow().value();
        records.addAll(ItKafka.ticks(topics, template, start.toEpochMilli() + Duration.ofMinutes(20).toMillis()));
        ItKafka.sendInTimeOrder(stack, records);
        LOG.info("Produced {} predictions and labels for {} models in {} ms", records.size(), lastWindowStart.size(),
                (System.nanoTime() - began) / 1_000_000);

        long appStarted = System.nanoTime();
        app = DriftApp.start(config(stack, topics, stateDir));
        try (Tail<Object> labeled = new Tail<>(stack, topics.labeled());
                Tail<MonitorMetric> metrics = new Tail<>(stack, topics.metrics());
                Tail<Alert> alerts = new Tail<>(stack, topics.alerts())) {
            long expected = expectedLabeled;
            assertThat(labeled.await(r -> r.size() >= expected, TIMEOUT)).hasSize((int) expected);
            LOG.info("{} pairs joined {} ms after the app started", expected, (System.nanoTime() - appStarted) / 1_000_000);
            metrics.await(r -> lastWindowStart.entrySet().stream().allMatch(e -> hasPerformance(r, e.getKey(), e.getValue())),
                    TIMEOUT);
            for (ConsumerRecord<String, MonitorMetric> r : metrics.read()) {
                metricsByModel.computeIfAbsent(r.value().getModelName(), k -> new ArrayList<>()).add(r.value());
            }
            for (ConsumerRecord<String, Alert> r : alerts.read()) {
                alertsByModel.computeIfAbsent(r.value().getModelName(), k -> new ArrayList<>()).add(r.value());
            }
        }
        assertThat(app.state()).isEqualTo(KafkaStreams.State.RUNNING);
        LOG.info("Every window of every scenario closed {} s after the app started ({} s in all)",
                Duration.ofNanos(System.nanoTime() - appStarted).toSeconds(), Duration.ofNanos(System.nanoTime() - began).toSeconds());
    }

    @AfterAll
    void stopApp() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void aStationaryStreamRaisesNoAlertOverFiftyWindowsAndReportsEveryMetricOfEachOnce() {
        assertThat(alertsByModel.getOrDefault(STATIONARY, List.of())).as("alerts of the stationary stream").isEmpty();
        // A backlog read at the partitions' own pace needs no revision for late records.
        DriftFixtures.assertNoLateRevision(metricsByModel.values().stream().flatMap(List::stream).toList());

        Map<Long, List<MonitorMetric>> byWindow = metricsByModel.get(STATIONARY).stream().filter(m -> !m.getProvisional())
                .collect(Collectors.groupingBy(m -> m.getWindowStart().toEpochMilli(), TreeMap::new, Collectors.toList()));
        Set<String> expected = expectedMetrics(model.card());
        for (int w = 0; w < STATIONARY_WINDOWS; w++) {
            List<MonitorMetric> window = byWindow.getOrDefault(windowStart(w), List.of());
            List<String> ids = window.stream().map(DriftScenarioIT::id).toList();
            assertThat(ids).as("metrics of window %d", w).containsAll(expected).doesNotHaveDuplicates();
            assertThat(window).as("window %d", w).allSatisfy(m -> assertThat(m.getSampleSize()).isPositive());
        }
        // The stream's own noise, for the record: how close to the thresholds the quietest world comes.
        LOG.info("Stationary maxima over {} windows (whole traffic): psi {}, js {}, wasserstein {}, auc drop {}", STATIONARY_WINDOWS,
                max(STATIONARY, "psi"), max(STATIONARY, "js_distance"), max(STATIONARY, "wasserstein_norm"),
                metricsByModel.get(STATIONARY).stream().filter(m -> m.getMetric().equals("auc") && m.getBaseline() != null)
                        .mapToDouble(m -> m.getBaseline() - m.getValue()).max().orElse(Double.NaN));
    }

    @ParameterizedTest
    @EnumSource(Case.class)
    void eachDriftScenarioRaisesTheRightAlertWithinTwoWindowsOfOnset(Case c) {
        List<Alert> alerts = alertsByModel.getOrDefault(c.modelName(), List.of());
        LOG.info("{}: {}", c, alerts.stream().filter(a -> a.getState() == AlertState.FIRING)
                .map(a -> a.getKind() + "/" + a.getMetric() + "/" + a.getFeature() + "/" + a.getSegment() + "@"
                        + (a.getWindowStart().toEpochMilli() - start.toEpochMilli()) / WINDOW.toMillis())
                .toList());
        long onset = windowStart(c.onsetWindow);
        Alert alert = alerts.stream()
                .filter(a -> a.getState() == AlertState.FIRING && a.getKind().equals(c.kind) && a.getMetric().equals(c.metric)
                        && java.util.Objects.equals(a.getFeature(), c.feature)
                        && java.util.Objects.equals(a.getSegment(), c.segment))
                .findFirst()
                .orElseThrow(() -> new AssertionError(c + ": no FIRING " + c.kind + "/" + c.metric + " alert for "
                        + (c.feature != null ? c.feature : c.segment) + "; alerts: " + alerts));
        // Two breaching windows raise an alert: the onset window and the one after it.
        assertThat(alert.getWindowStart().toEpochMilli()).as("window the alert fired in")
                .isBetween(onset, onset + WINDOW.toMillis());
        assertThat(alert.getMessage()).contains(c.modelName() + "@" + SimulatedModel.VERSION)
                .contains(c.feature != null ? c.feature : c.segment != null ? c.segment : "AUC");
        if (c.featuresUnchanged()) {
            assertThat(alerts).as("alerts on features the scenario leaves alone")
                    .noneMatch(a -> a.getKind().equals("data_drift") || a.getKind().equals("skew"));
        }
    }

    /** Predictions and labels of one model; returns how many labels arrive within the maximum delay. */
    private long traffic(String modelName, long seed, ScenarioSchedule schedule, int eventsPerWindow, int windows,
            DriftItTopics topics, List<Timed> out, Map<String, Long> lastWindowStart) {
        SimulatorConfig config = SimulatorConfig.defaults().withSeed(seed).withStartTime(start)
                .withEventsPerSecond(eventsPerWindow / (double) WINDOW.toSeconds())
                .withLabelDelayMedian(Duration.ofSeconds(2))
                .withSchedule(schedule);
        SimulatedTraffic traffic = SimulatedTraffic.generate(config, eventsPerWindow * windows, model, modelName);
        long labeled = 0;
        for (int i = 0; i < traffic.predictions().size(); i++) {
            Prediction p = traffic.predictions().get(i);
            Label l = traffic.labels().get(i);
            out.add(new Timed(topics.predictions(), p.getEntityId(), p, p.getEventTime().toEpochMilli()));
            out.add(new Timed(topics.labels(), l.getEventId(), l, l.getLabelTime().toEpochMilli()));
            if (!l.getLabelTime().isAfter(p.getEventTime().plus(MAX_LABEL_DELAY))) {
                labeled++;
            }
        }
        lastWindowStart.put(modelName, windowStart(windows - 1));
        return labeled;
    }

    private DriftConfig config(TestStack stack, DriftItTopics topics, Path stateDir) {
        List<String> args = new ArrayList<>(List.of(
                "--application-id", stack.topic("scenarios-app"), "--bootstrap-servers", stack.bootstrapServers(),
                "--registry-url", stack.registryUrl(), "--state-dir", stateDir.toString(),
                // The default grace (10 s): the windows wait for every input partition, however far
                // apart the backlog's partitions are read.
                "--window-size", WINDOW.toSeconds() + "s", "--max-label-delay", MAX_LABEL_DELAY.toSeconds() + "s",
                "--http-port", "-1",
                "--kafka.commit.interval.ms", "500"));
        args.addAll(topics.flags());
        return DriftConfig.from(args.toArray(String[]::new), Map.of());
    }

    private long windowStart(int window) {
        return start.toEpochMilli() + window * WINDOW.toMillis();
    }

    private static boolean hasPerformance(List<ConsumerRecord<String, MonitorMetric>> records, String model, long windowStart) {
        return records.stream().anyMatch(r -> r.value().getModelName().equals(model) && r.value().getMetric().equals("auc")
                && r.value().getWindowStart().toEpochMilli() == windowStart);
    }

    private double max(String modelName, String metric) {
        return metricsByModel.get(modelName).stream().filter(m -> m.getMetric().equals(metric) && m.getKind().equals("data_drift")
                        && m.getSegment() == null)
                .mapToDouble(MonitorMetric::getValue).max().orElse(Double.NaN);
    }

    private static String id(MonitorMetric m) {
        return m.getKind() + "/" + m.getMetric() + "/" + m.getFeature() + "/" + m.getSegment();
    }

    /** The metrics every window of the demo model must carry, whatever its data. */
    private static Set<String> expectedMetrics(ModelCard card) {
        Set<String> ids = new HashSet<>();
        for (FeatureSpec f : card.features()) {
            List<String> metrics = f.type() == FeatureType.NUMERIC
                    ? List.of("psi", "js_distance", "wasserstein_norm", "ks_statistic", "ks_pvalue")
                    : List.of("psi", "js_distance", "linf", "chi2_pvalue");
            metrics.forEach(m -> ids.add("data_drift/" + m + "/" + f.name() + "/null"));
            Stream.of("missing_rate_delta", "type_mismatch_share",
                    f.type() == FeatureType.NUMERIC ? "out_of_range_share" : "unseen_category_share")
                    .forEach(m -> ids.add("skew/" + m + "/" + f.name() + "/null"));
        }
        Stream.of("psi", "js_distance", "positive_rate").forEach(m -> ids.add("prediction_drift/" + m + "/null/null"));
        Stream.of("auc", "log_loss", "brier", "accuracy", "precision", "recall", "label_coverage")
                .forEach(m -> ids.add("performance/" + m + "/null/null"));
        Stream.of("label_rate", "label_rate_pvalue").forEach(m -> ids.add("label_drift/" + m + "/null/null"));
        Stream.of("demographic_parity_gap", "disparate_impact_ratio")
                .forEach(m -> ids.add("bias/" + m + "/null/customer_segment"));
        return ids;
    }
}
