package dev.streamscore.drift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamscore.avro.Alert;
import dev.streamscore.avro.AlertState;
import dev.streamscore.avro.Label;
import dev.streamscore.avro.LabeledPrediction;
import dev.streamscore.avro.ModelBaseline;
import dev.streamscore.avro.ModelRole;
import dev.streamscore.avro.MonitorMetric;
import dev.streamscore.avro.Prediction;
import dev.streamscore.avro.Severity;
import dev.streamscore.drift.DriftFixtures.World;
import dev.streamscore.schemas.registry.InMemorySchemaRegistryClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real {@link DriftTopology} on a TopologyTestDriver, driven by explicit event times. */
class DriftTopologyTest {
    /** 2026-01-01T00:00:00Z, a multiple of the window size, so window i starts at T0 + i * 10 s. */
    private static final long T0 = 1_767_225_600_000L;
    private static final long WINDOW = 10_000;
    private static final int PER_WINDOW = 300;

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, Prediction> predictions;
    private TestInputTopic<String, Label> labels;
    private TestInputTopic<String, byte[]> rawPredictions;
    private TestOutputTopic<String, LabeledPrediction> labeled;
    private TestOutputTopic<String, MonitorMetric> metrics;
    private TestOutputTopic<String, Alert> alerts;
    private TestOutputTopic<byte[], byte[]> deadLetters;
    private Topology topology;

    @BeforeEach
    void start() {
        DriftConfig config = DriftConfig.from(new String[] {
            "--application-id", "drift-topology-test", "--bootstrap-servers", "unused:9092",
            "--state-dir", stateDir.toString(), "--window-size", "10s", "--window-grace", "2s",
            "--max-label-delay", "30s", "--alert-cooldown", "0s", "--min-group-size", "10"}, Map.of());
        DriftSerdes serdes = DriftSerdes.create(new InMemorySchemaRegistryClient(), Map.of());
        topology = DriftTopology.build(config, serdes);
        driver = new TopologyTestDriver(topology, config.streamsProperties());
        DriftConfig.Topics topics = config.topics();
        StringSerializer keys = new StringSerializer();
        predictions = driver.createInputTopic(topics.predictions(), keys, serdes.prediction().serializer());
        labels = driver.createInputTopic(topics.labels(), keys, serdes.label().serializer());
        rawPredictions = driver.createInputTopic(topics.predictions(), keys, new ByteArraySerializer());
        TestInputTopic<String, ModelBaseline> baselines =
                driver.createInputTopic(topics.modelBaselines(), keys, serdes.modelBaseline().serializer());
        StringDeserializer keysIn = new StringDeserializer();
        labeled = driver.createOutputTopic(topics.labeledPredictions(), keysIn, serdes.labeledPrediction().deserializer());
        metrics = driver.createOutputTopic(topics.driftMetrics(), keysIn, serdes.monitorMetric().deserializer());
        alerts = driver.createOutputTopic(topics.alerts(), keysIn, serdes.alert().deserializer());
        deadLetters = driver.createOutputTopic(topics.deadLetters(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        baselines.pipeInput(DriftFixtures.MODEL_KEY, DriftFixtures.modelBaseline(), T0);
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void aLabelJoinsItsPredictionWhicheverArrivesFirst() {
        Prediction first = prediction(World.STATIONARY, 1, T0 + 1_000);
        Prediction second = prediction(World.STATIONARY, 2, T0 + 2_000);
        predictions.pipeInput(first.getEntityId(), first);
        labels.pipeInput(first.getEventId(), DriftFixtures.label(first, T0 + 6_000));
        labels.pipeInput(second.getEventId(), DriftFixtures.label(second, T0 + 7_000));
        predictions.pipeInput(second.getEntityId(), second);

        Map<String, LabeledPrediction> joined = labeled.readKeyValuesToMap();
        assertThat(joined).containsOnlyKeys(first.getEventId(), second.getEventId());
        assertThat(joined.get(first.getEventId())).satisfies(lp -> {
            assertThat(lp.getPrediction()).isEqualTo(first);
            assertThat(lp.getLabelDelayMs()).isEqualTo(5_000);
            assertThat(lp.getCorrect()).isEqualTo((first.getScore() >= 0.5) == (lp.getLabel().getLabel() >= 0.5));
        });
        assertThat(joined.get(second.getEventId()).getLabelDelayMs()).isEqualTo(5_000);
    }

    @Test
    void oneLabelJoinsEveryModelVersionThatScoredTheEventOnce() {
        Prediction champion = prediction(World.STATIONARY, 1, T0 + 1_000);
        Prediction shadow = Prediction.newBuilder(champion).setModelVersion("4").setRole(ModelRole.SHADOW).build();
        predictions.pipeInput(champion.getEntityId(), champion);
        predictions.pipeInput(shadow.getEntityId(), shadow);
        Label label = DriftFixtures.label(champion, T0 + 3_000);
        labels.pipeInput(label.getEventId(), label);
        labels.pipeInput(label.getEventId(), label); // redelivered
        Label corrected = Label.newBuilder(label).setLabelTime(Instant.ofEpochMilli(T0 + 4_000)).build();
        labels.pipeInput(corrected.getEventId(), corrected); // a second opinion joins nothing twice

        assertThat(labeled.readValuesToList()).extracting(lp -> lp.getPrediction().getModelVersion())
                .containsExactlyInAnyOrder("3", "4");
        assertThat(joinMetric("duplicate-labels-total")).isEqualTo(2);
    }

    @Test
    void aLateLabelIsCountedNotJoinedAndALabelWithoutPredictionIsCounted() {
        Prediction p = prediction(World.STATIONARY, 1, T0);
        predictions.pipeInput(p.getEntityId(), p);
        labels.pipeInput(p.getEventId(), DriftFixtures.label(p, T0 + 45_000)); // max delay is 30 s
        Label orphan = Label.newBuilder().setEventId("never-scored").setLabel(1).setLabelTime(Instant.ofEpochMilli(T0 + 46_000))
                .build();
        labels.pipeInput(orphan.getEventId(), orphan);
        // Move stream time on, past the orphan's grace, so the sweep runs.
        Prediction later = prediction(World.STATIONARY, 2, T0 + 60_000);
        predictions.pipeInput(later.getEntityId(), later);

        assertThat(labeled.isEmpty()).isTrue();
        assertThat(joinMetric("late-labels-total")).isEqualTo(1);
        assertThat(joinMetric("unlabeled-predictions-total")).isEqualTo(1);
        assertThat(joinMetric("labels-without-prediction-total")).isEqualTo(1);
        assertThat(joinMetric("labeled-predictions-total")).isZero();
    }

    @Test
    void duplicatePredictionsAreDroppedBeforeAnyMonitorCountsThem() {
        for (int i = 0; i < PER_WINDOW; i++) {
            Prediction p = prediction(World.STATIONARY, i, T0 + i * 25L);
            predictions.pipeInput(p.getEntityId(), p);
            if (i % 6 == 0) {
                predictions.pipeInput(p.getEntityId(), p); // an at-least-once redelivery
            }
        }
        closeWindowsBefore(T0 + WINDOW);

        assertThat(joinMetric("duplicate-predictions-total")).isEqualTo(50);
        List<MonitorMetric> window = metrics.readValuesToList();
        assertThat(window).filteredOn(m -> m.getMetric().equals("psi") && "amount".equals(m.getFeature())
                        && m.getSegment() == null)
                .singleElement().satisfies(m -> assertThat(m.getSampleSize()).isEqualTo(PER_WINDOW));
    }

    @Test
    void aClosedWindowEmitsEveryMetricOnceAndNothingBefore() {
        pipeWindow(World.STATIONARY, 0);
        Prediction inGrace = prediction(World.STATIONARY, 10_000, T0 + WINDOW + 1_500);
        predictions.pipeInput(inGrace.getEntityId(), inGrace);
        assertThat(metrics.isEmpty()).as("the window is still within its grace").isTrue();

        closeWindowsBefore(T0 + WINDOW);
        List<TestRecord<String, MonitorMetric>> records = metrics.readRecordsToList();
        assertThat(records).isNotEmpty().allSatisfy(r -> {
            assertThat(r.key()).isEqualTo(DriftFixtures.MODEL_KEY);
            assertThat(r.value().getWindowStart()).isEqualTo(Instant.ofEpochMilli(T0));
            assertThat(r.value().getWindowEnd()).isEqualTo(Instant.ofEpochMilli(T0 + WINDOW));
        });
        Map<String, Long> perMetric = records.stream().map(TestRecord::value).collect(Collectors.groupingBy(
                m -> m.getKind() + "/" + m.getMetric() + "/" + m.getFeature() + "/" + m.getSegment(), Collectors.counting()));
        assertThat(perMetric.values()).as("one value per metric").containsOnly(1L);
        assertThat(perMetric.keySet()).contains(
                "data_drift/psi/amount/null", "data_drift/js_distance/amount/null",
                "data_drift/wasserstein_norm/amount/null", "data_drift/ks_pvalue/amount/null",
                "data_drift/chi2_pvalue/merchant_category/null", "data_drift/linf/merchant_category/null",
                "skew/missing_rate_delta/distance_km/null", "skew/unseen_category_share/merchant_category/null",
                "prediction_drift/psi/null/null", "bias/demographic_parity_gap/null/customer_segment",
                "bias/positive_rate/null/customer_segment=business");
        assertThat(records.stream().map(TestRecord::value).filter(m -> m.getMetric().equals("psi")
                && "amount".equals(m.getFeature())).findFirst().orElseThrow().getValue()).isLessThan(0.1);
        assertThat(alerts.isEmpty()).isTrue();
    }

    @Test
    void performanceMetricsOfAWindowArriveWhenItsLabelsAreFinal() {
        List<Prediction> window = pipeWindow(World.STATIONARY, 0);
        for (int i = 0; i < window.size(); i++) {
            if (i % 4 != 0) { // a quarter never gets a label
                Prediction p = window.get(i);
                labels.pipeInput(p.getEventId(), DriftFixtures.label(p, p.getEventTime().toEpochMilli() + 20_000));
            }
        }
        // Performance windows wait for the label delay (30 s) + grace (2 s) + the sweep (2 s).
        closeWindowsBefore(T0 + WINDOW + 40_000);
        List<MonitorMetric> perf = metrics.readValuesToList().stream()
                .filter(m -> m.getKind().equals("performance") && m.getWindowStart().toEpochMilli() == T0 && m.getSegment() == null)
                .toList();
        Map<String, MonitorMetric> byName = perf.stream().collect(Collectors.toMap(MonitorMetric::getMetric, m -> m));
        assertThat(byName).containsKeys("auc", "log_loss", "brier", "accuracy", "precision", "recall", "label_coverage");
        assertThat(byName.get("label_coverage").getValue()).isEqualTo(0.75);
        assertThat(byName.get("auc").getSampleSize()).isEqualTo(225);
        assertThat(byName.get("auc").getBaseline()).isEqualTo(DriftFixtures.card().holdout().auc());
        assertThat(byName.get("auc").getValue()).isBetween(0.6, 1.0);
    }

    @Test
    void aShiftedFeatureRaisesAnAlertAndAReturnToBaselineResolvesIt() {
        pipeWindow(World.STATIONARY, 0);
        pipeWindow(World.AMOUNT_SHIFT, 1);
        pipeWindow(World.AMOUNT_SHIFT, 2);
        pipeWindow(World.STATIONARY, 3);
        closeWindowsBefore(T0 + 3 * WINDOW);
        List<Alert> raised = alerts.readValuesToList();
        Alert psi = raised.stream().filter(a -> a.getMetric().equals("psi") && "amount".equals(a.getFeature())
                        && a.getSegment() == null)
                .findFirst().orElseThrow(() -> new AssertionError("no PSI alert for amount in " + raised));
        assertThat(psi.getState()).isEqualTo(AlertState.FIRING);
        assertThat(psi.getSeverity()).isEqualTo(Severity.CRITICAL);
        assertThat(psi.getKind()).isEqualTo("data_drift");
        assertThat(psi.getWindowStart()).isEqualTo(Instant.ofEpochMilli(T0 + 2 * WINDOW));
        assertThat(psi.getSampleSize()).isEqualTo(PER_WINDOW);
        assertThat(psi.getMessage()).startsWith("PSI of amount is ").contains("(critical > 0.25) for fraud@3 in window "
                + "2026-01-01 00:00:20-00:00:30 UTC, 300 events, vs the training baseline; breached 2 windows in a row.");
        assertThat(raised).filteredOn(a -> "merchant_category".equals(a.getFeature())).as("unshifted feature").isEmpty();

        pipeWindow(World.STATIONARY, 4);
        closeWindowsBefore(T0 + 5 * WINDOW);
        List<Alert> resolved = alerts.readValuesToList();
        assertThat(resolved).filteredOn(a -> a.getAlertId().equals(psi.getAlertId())).singleElement().satisfies(a -> {
            assertThat(a.getState()).isEqualTo(AlertState.RESOLVED);
            assertThat(a.getWindowStart()).isEqualTo(Instant.ofEpochMilli(T0 + 4 * WINDOW));
            assertThat(a.getMessage()).startsWith("Resolved: PSI of amount is ");
        });
    }

    @Test
    void aShiftInOneSegmentRaisesAnAlertNamingTheSegment() {
        int perWindow = 900; // 300 business customers a window, above the minimum sample of 200
        pipeWindow(World.STATIONARY, 0, perWindow);
        pipeWindow(World.BUSINESS_AMOUNT_SHIFT, 1, perWindow);
        pipeWindow(World.BUSINESS_AMOUNT_SHIFT, 2, perWindow);
        closeWindowsBefore(T0 + 3 * WINDOW);

        List<Alert> raised = alerts.readValuesToList();
        Alert alert = raised.stream().filter(a -> a.getMetric().equals("psi") && "amount".equals(a.getFeature())
                        && "customer_segment=business".equals(a.getSegment()))
                .findFirst().orElseThrow(() -> new AssertionError("no PSI alert for amount of business customers in " + raised));
        assertThat(alert.getState()).isEqualTo(AlertState.FIRING);
        assertThat(alert.getKind()).isEqualTo("data_drift");
        assertThat(alert.getWindowStart()).isEqualTo(Instant.ofEpochMilli(T0 + 2 * WINDOW));
        assertThat(alert.getSampleSize()).isEqualTo(perWindow / 3);
        assertThat(alert.getMessage()).startsWith("PSI of amount in customer_segment=business is ").contains("for fraud@3");
        assertThat(raised).as("segments whose traffic did not change")
                .noneMatch(a -> a.getSegment() != null && !a.getSegment().equals("customer_segment=business")
                        && a.getKind().equals("data_drift"));
    }

    @Test
    void undecodableAndInvalidRecordsGoToTheDeadLetterTopicAndTheStreamGoesOn() {
        rawPredictions.pipeInput("card-1", "not avro".getBytes(StandardCharsets.UTF_8), T0);
        Prediction broken = prediction(World.STATIONARY, 1, T0 + 100);
        broken.setScore(Double.NaN);
        predictions.pipeInput(broken.getEntityId(), broken);
        Prediction good = prediction(World.STATIONARY, 2, T0 + 200);
        predictions.pipeInput(good.getEntityId(), good);
        labels.pipeInput(good.getEventId(), DriftFixtures.label(good, T0 + 300));

        // TopologyTestDriver does not route deserialization failures to the dead-letter queue (a real
        // broker does: DriftAppIT checks it), so here the undecodable record is only skipped.
        List<TestRecord<byte[], byte[]>> dead = deadLetters.readRecordsToList();
        assertThat(dead).singleElement().satisfies(r -> {
            assertThat(header(r, "__streams.errors.message")).contains("Prediction.score must be a finite number");
            assertThat(header(r, "__streams.errors.topic")).isEqualTo("predictions");
            assertThat(header(r, "__streams.errors.offset")).isEqualTo("1");
        });
        assertThat(labeled.readValuesToList()).singleElement()
                .satisfies(lp -> assertThat(lp.getEventId()).isEqualTo(good.getEventId()));
    }

    @Test
    void everyProcessorStoreAndInternalTopicHasAStableName() {
        String description = topology.describe().toString();
        assertThat(description).contains("predictions-source", "validate-predictions", "join-input-by-event-id",
                "join-labels", "join-predictions-store", "join-labels-store", "served-by-model", "served-window-store",
                "served-window-final", "performance-by-model", "performance-window-store", "alert-rules",
                "alert-state-store", "latest-metrics", "latest-metrics-store", "model-baselines-store", "drift-metrics-sink",
                "alerts-sink");
        assertThat(description).doesNotContainPattern("KSTREAM-[A-Z]+-\\d+|KTABLE-[A-Z]+-\\d+");
    }

    private List<Prediction> pipeWindow(World world, int window) {
        return pipeWindow(world, window, PER_WINDOW);
    }

    private List<Prediction> pipeWindow(World world, int window, int count) {
        List<Prediction> piped = new ArrayList<>();
        long start = T0 + window * WINDOW;
        for (int i = 0; i < count; i++) {
            Prediction p = prediction(world, window * 100_000L + i, start + i * (WINDOW - 1_000) / count);
            predictions.pipeInput(p.getEntityId(), p);
            piped.add(p);
        }
        return piped;
    }

    /**
     * Pipes one labeled prediction late enough that every served window ending at or before
     * {@code end} is closed (its event time passes end + grace); its labeled outcome also moves the
     * performance windows' stream time to that point.
     */
    private void closeWindowsBefore(long end) {
        Prediction tick = prediction(World.STATIONARY, 999_999, end + 2_000 + 1);
        predictions.pipeInput(tick.getEntityId(), tick);
        labels.pipeInput(tick.getEventId(), DriftFixtures.label(tick, end + 2_000 + 2));
    }

    private static Prediction prediction(World world, long i, long eventTime) {
        return DriftFixtures.prediction(world, i, eventTime);
    }

    private double joinMetric(String name) {
        return driver.metrics().entrySet().stream()
                .filter(e -> e.getKey().name().equals(name) && e.getKey().group().contains("drift-join"))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).sum();
    }

    private static String header(TestRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
