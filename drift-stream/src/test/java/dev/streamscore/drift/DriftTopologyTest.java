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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
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
    private TestInputTopic<String, ModelBaseline> baselines;
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
        baselines = driver.createInputTopic(topics.modelBaselines(), keys, serdes.modelBaseline().serializer());
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
        // Move both input partitions on, past the orphan's grace, so the sweep runs when they report it;
        // this label's own grace has not passed yet.
        Prediction later = prediction(World.STATIONARY, 2, T0 + 60_000);
        predictions.pipeInput(later.getEntityId(), later);
        labels.pipeInput("not-yet-due", Label.newBuilder().setEventId("not-yet-due").setLabel(0)
                .setLabelTime(Instant.ofEpochMilli(T0 + 60_000)).build());
        reportProgress();

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
    void aBaselineDeletedOrPublishedWhileRunningCountsFromTheNextEventOn() {
        pipeWindow(World.STATIONARY, 0);
        baselines.pipeInput(DriftFixtures.MODEL_KEY, null, T0 + WINDOW);
        pipeWindow(World.STATIONARY, 1);
        baselines.pipeInput(DriftFixtures.MODEL_KEY, DriftFixtures.modelBaseline(), T0 + 2 * WINDOW);
        pipeWindow(World.STATIONARY, 2);
        closeWindowsBefore(T0 + 3 * WINDOW);

        Map<Instant, List<MonitorMetric>> byWindow = metrics.readValuesToList().stream()
                .collect(Collectors.groupingBy(MonitorMetric::getWindowStart));
        Predicate<MonitorMetric> amountPsi = m -> m.getMetric().equals("psi") && "amount".equals(m.getFeature())
                && m.getSegment() == null;
        assertThat(byWindow.get(Instant.ofEpochMilli(T0))).filteredOn(amountPsi).hasSize(1);
        assertThat(byWindow.get(Instant.ofEpochMilli(T0 + WINDOW))).as("served without a baseline: nothing binned")
                .isNotEmpty().filteredOn(amountPsi).isEmpty();
        assertThat(byWindow.get(Instant.ofEpochMilli(T0 + 2 * WINDOW))).filteredOn(amountPsi)
                .singleElement().satisfies(m -> assertThat(m.getSampleSize()).isEqualTo(PER_WINDOW));
    }

    @Test
    void aClosedWindowEmitsEveryMetricOnceAndNothingBefore() {
        pipeWindow(World.STATIONARY, 0);
        Prediction inGrace = prediction(World.STATIONARY, 10_000, T0 + WINDOW + 1_500);
        predictions.pipeInput(inGrace.getEntityId(), inGrace);
        labels.pipeInput(inGrace.getEventId(), DriftFixtures.label(inGrace, T0 + WINDOW + 1_600));
        reportProgress();
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
                + "2026-01-01 00:00:20-00:00:30 UTC, 300 events, vs the training baseline; breached 2 windows in a row.")
                // Amounts three times larger: the top training decile gains most.
                .containsPattern("Moved most: amount in >= [0-9.]+: 10\\.\\d % in training, [4-9]\\d\\.\\d % in this window; ");
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
    void aWindowWaitsForEveryInputPartitionNotForTheFastest() {
        pipeWindow(World.STATIONARY, 0);
        pipeWindow(World.STATIONARY, 1);
        pipeWindow(World.STATIONARY, 2);
        // The labels partition has only been read up to 5 s into window 0.
        Prediction first = prediction(World.STATIONARY, 0, T0);
        labels.pipeInput(first.getEventId(), DriftFixtures.label(first, T0 + 5_000));
        reportProgress();
        assertThat(metrics.isEmpty()).as("window 0 waits for the labels partition, 25 s of event time behind").isTrue();

        Prediction second = prediction(World.STATIONARY, 1, T0 + 25);
        labels.pipeInput(second.getEventId(), DriftFixtures.label(second, T0 + WINDOW + 2_000));
        reportProgress();
        List<MonitorMetric> closed = metrics.readValuesToList();
        assertThat(closed).extracting(m -> m.getWindowStart().toEpochMilli()).containsOnly(T0);
        assertThat(count(closed, "served", "events")).isEqualTo(PER_WINDOW);
        assertThat(count(closed, "served", "late_events")).isZero();
    }

    @Test
    void aLateRecordRevisesItsWindowWhichTheAlertRulesDoNotJudgeAgain() {
        pipeWindow(World.STATIONARY, 0);
        closeWindowsBefore(T0 + WINDOW);
        List<MonitorMetric> atClose = metrics.readValuesToList();
        assertThat(count(atClose, "served", "events")).isEqualTo(PER_WINDOW);
        assertThat(atClose).allSatisfy(m -> assertThat(m.getRevision()).isZero());

        // Five predictions of window 0, read after the watermark passed its close: more than the grace
        // behind their own partition, as after an outage of a scorer's partition.
        for (int i = 0; i < 5; i++) {
            Prediction p = prediction(World.AMOUNT_SHIFT, 50_000 + i, T0 + 100 * i);
            predictions.pipeInput(p.getEntityId(), p);
        }
        reportProgress();
        List<MonitorMetric> revision = metrics.readValuesToList().stream()
                .filter(m -> m.getWindowStart().toEpochMilli() == T0).toList();
        assertThat(revision).isNotEmpty().allSatisfy(m -> assertThat(m.getRevision()).isEqualTo(1));
        assertThat(count(revision, "served", "events")).isEqualTo(PER_WINDOW + 5);
        assertThat(count(revision, "served", "late_events")).isEqualTo(5);
        assertThat(revision).filteredOn(m -> m.getMetric().equals("psi") && "amount".equals(m.getFeature())
                && m.getSegment() == null).singleElement().satisfies(m -> assertThat(m.getSampleSize()).isEqualTo(PER_WINDOW + 5));
        assertThat(streamsMetric("late-events-total", "drift-windows")).isEqualTo(5);
        assertThat(streamsMetric("window-revisions-total", "drift-windows")).isEqualTo(1);
        assertThat(alerts.isEmpty()).isTrue();
    }

    @Test
    void lateRecordsPastTheRevisionHorizonAreCountedNotMerged() {
        pipeWindow(World.STATIONARY, 0);
        closeWindowsBefore(T0 + Duration.ofHours(2).toMillis());
        metrics.readValuesToList();
        Prediction ancient = prediction(World.STATIONARY, 77, T0 + 10);
        predictions.pipeInput(ancient.getEntityId(), ancient);
        reportProgress();
        assertThat(metrics.readValuesToList()).as("no revision after the one-hour horizon")
                .noneMatch(m -> m.getWindowStart().toEpochMilli() == T0);
        assertThat(streamsMetric("late-events-discarded-total", "drift-windows"))
                .as("the served count and the performance count (it is unlabeled at once, its label delay long past)")
                .isEqualTo(2);
    }

    @Test
    void anInputPartitionWithoutRecordsStopsHoldingWindowsBackAfterTheIdleTimeout() {
        pipeWindow(World.STATIONARY, 0);
        Prediction later = prediction(World.STATIONARY, 1, T0 + 3 * WINDOW);
        predictions.pipeInput(later.getEntityId(), later);
        reportProgress();
        assertThat(metrics.isEmpty()).as("the labels partition has said nothing yet").isTrue();

        driver.advanceWallClockTime(Duration.ofSeconds(58));
        Prediction stillComing = prediction(World.STATIONARY, 2, T0 + 3 * WINDOW + 1);
        predictions.pipeInput(stillComing.getEntityId(), stillComing);
        driver.advanceWallClockTime(Duration.ofSeconds(1)); // a minute, the default idle timeout, after the start
        List<MonitorMetric> closed = metrics.readValuesToList();
        assertThat(closed).extracting(m -> m.getWindowStart().toEpochMilli()).contains(T0);
        assertThat(count(closed, "served", "events")).isEqualTo(PER_WINDOW);
        assertThat(streamsMetric("idle-input-partitions-total", "drift-input")).isEqualTo(1);
    }

    @Test
    void labelsOfAnIdlePartitionThatComeBackReviseThePerformanceWindowAsLabeled() {
        List<Prediction> window = pipeWindow(World.STATIONARY, 0);
        Prediction later = prediction(World.STATIONARY, 1, T0 + 60_000);
        predictions.pipeInput(later.getEntityId(), later);
        driver.advanceWallClockTime(Duration.ofSeconds(59));
        Prediction stillComing = prediction(World.STATIONARY, 2, T0 + 60_001);
        predictions.pipeInput(stillComing.getEntityId(), stillComing);
        driver.advanceWallClockTime(Duration.ofSeconds(1)); // the labels partition is idle now
        List<MonitorMetric> atClose = metrics.readValuesToList().stream()
                .filter(m -> m.getKind().equals("performance") && m.getWindowStart().toEpochMilli() == T0).toList();
        assertThat(count(atClose, "performance", "events")).isEqualTo(PER_WINDOW);
        assertThat(count(atClose, "performance", "labeled_pairs")).as("no label read yet").isZero();

        // The labels partition comes back with the labels of window 0, each 5 s after its prediction.
        window.forEach(p -> labels.pipeInput(p.getEventId(), DriftFixtures.label(p, p.getEventTime().toEpochMilli() + 5_000)));
        reportProgress();
        assertThat(labeled.readValuesToList()).as("joined after all").hasSize(PER_WINDOW);
        List<MonitorMetric> revised = metrics.readValuesToList().stream()
                .filter(m -> m.getKind().equals("performance") && m.getWindowStart().toEpochMilli() == T0).toList();
        assertThat(revised).isNotEmpty().allSatisfy(m -> assertThat(m.getRevision()).isEqualTo(1));
        assertThat(count(revised, "performance", "events")).isEqualTo(PER_WINDOW);
        assertThat(count(revised, "performance", "labeled_pairs")).isEqualTo(PER_WINDOW);
        assertThat(revised).filteredOn(m -> m.getMetric().equals("label_coverage")).singleElement()
                .satisfies(m -> assertThat(m.getValue()).isEqualTo(1.0));
        assertThat(joinMetric("relabeled-predictions-total")).isEqualTo(PER_WINDOW);
    }

    @Test
    void aRecordFromTooFarInTheFutureGoesToTheDeadLetterTopicAndMovesNoWindow() {
        pipeWindow(World.STATIONARY, 0);
        Prediction future = prediction(World.STATIONARY, 1, System.currentTimeMillis() + Duration.ofHours(1).toMillis());
        predictions.pipeInput(future.getEntityId(), future);
        Label futureLabel = Label.newBuilder().setEventId("from-the-future").setLabel(1)
                .setLabelTime(Instant.now().plus(Duration.ofDays(365))).build();
        labels.pipeInput(futureLabel.getEventId(), futureLabel);
        closeWindowsBefore(T0 + WINDOW);

        List<TestRecord<byte[], byte[]>> dead = deadLetters.readRecordsToList();
        assertThat(dead).hasSize(2).allSatisfy(r -> assertThat(header(r, "__streams.errors.message"))
                .contains("ahead of the wall clock, more than the tolerance of 600 s (future-tolerance)"));
        assertThat(header(dead.get(0), "__streams.errors.message")).startsWith("Prediction.event_time");
        assertThat(header(dead.get(1), "__streams.errors.message")).startsWith("Label.label_time");
        assertThat(count(metrics.readValuesToList(), "served", "events")).as("window 0 closed on time, whole")
                .isEqualTo(PER_WINDOW);
    }

    @Test
    void everyProcessorStoreAndInternalTopicHasAStableName() {
        String description = topology.describe().toString();
        assertThat(description).contains("predictions-source", "validate-predictions", "input-progress",
                "join-input-by-event-id", "join-labels", "join-predictions-store", "join-labels-store",
                "join-time-index-store", "join-progress-store", "window-partials", "window-partials-store",
                "window-partials-by-model", "window-merge", "window-merge-open-store", "window-merge-closed-store",
                "window-merge-progress-store", "window-merge-coverage-store", "window-metrics", "alert-rules", "alert-state-store", "latest-metrics",
                "latest-metrics-store", "model-baselines-store", "drift-metrics-sink", "alerts-sink");
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
     * {@code end} is closed (both input partitions are read past end + grace), then lets the input
     * tasks report that progress (wall clock), which moves the watermark there.
     */
    private void closeWindowsBefore(long end) {
        Prediction tick = prediction(World.STATIONARY, 999_999, end + 2_000 + 1);
        predictions.pipeInput(tick.getEntityId(), tick);
        labels.pipeInput(tick.getEventId(), DriftFixtures.label(tick, end + 2_000 + 2));
        reportProgress();
    }

    /** One progress interval of wall-clock time: every input task reports how far its partitions are read. */
    private void reportProgress() {
        driver.advanceWallClockTime(Duration.ofSeconds(1));
    }

    private static Prediction prediction(World world, long i, long eventTime) {
        return DriftFixtures.prediction(world, i, eventTime);
    }

    /** The value of the window's count metric of {@code kind}, which must be there once. */
    private static long count(List<MonitorMetric> window, String kind, String metric) {
        List<MonitorMetric> found = window.stream().filter(m -> m.getKind().equals(kind) && m.getMetric().equals(metric)).toList();
        assertThat(found).as("%s/%s", kind, metric).hasSize(1);
        return (long) found.get(0).getValue();
    }

    private double streamsMetric(String name, String scope) {
        return driver.metrics().entrySet().stream()
                .filter(e -> e.getKey().name().equals(name) && e.getKey().group().contains(scope))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).sum();
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
