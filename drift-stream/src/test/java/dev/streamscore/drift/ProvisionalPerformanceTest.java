package dev.streamscore.drift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamscore.avro.Alert;
import dev.streamscore.avro.AlertState;
import dev.streamscore.avro.Label;
import dev.streamscore.avro.ModelBaseline;
import dev.streamscore.avro.MonitorMetric;
import dev.streamscore.avro.Prediction;
import dev.streamscore.drift.DriftFixtures.World;
import dev.streamscore.schemas.registry.InMemorySchemaRegistryClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Performance metrics as soon as the labels are in: the real topology with default window settings
 * (1-minute windows, 10 s grace, 10-minute label delay) and labels 10 s after their events.
 */
class ProvisionalPerformanceTest {
    /** 2026-01-01T00:00:00Z, a multiple of the window size. */
    private static final long T0 = 1_767_225_600_000L;
    private static final long WINDOW = 60_000;
    private static final long LABEL_DELAY = 10_000;
    private static final int PER_WINDOW = 400;

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, Prediction> predictions;
    private TestInputTopic<String, Label> labels;
    private TestOutputTopic<String, MonitorMetric> metrics;
    private TestOutputTopic<String, Alert> alerts;
    private final List<MonitorMetric> seen = new ArrayList<>();
    private final List<Alert> raised = new ArrayList<>();

    @BeforeEach
    void start() {
        DriftConfig config = DriftConfig.from(new String[] {
            "--application-id", "provisional-test", "--bootstrap-servers", "unused:9092",
            "--state-dir", stateDir.toString()}, Map.of());
        DriftSerdes serdes = DriftSerdes.create(new InMemorySchemaRegistryClient(), Map.of());
        driver = new TopologyTestDriver(DriftTopology.build(config, serdes), config.streamsProperties());
        DriftConfig.Topics topics = config.topics();
        StringSerializer keys = new StringSerializer();
        predictions = driver.createInputTopic(topics.predictions(), keys, serdes.prediction().serializer());
        labels = driver.createInputTopic(topics.labels(), keys, serdes.label().serializer());
        TestInputTopic<String, ModelBaseline> baselines = driver.createInputTopic(topics.modelBaselines(), keys,
                serdes.modelBaseline().serializer());
        StringDeserializer keysIn = new StringDeserializer();
        metrics = driver.createOutputTopic(topics.driftMetrics(), keysIn, serdes.monitorMetric().deserializer());
        alerts = driver.createOutputTopic(topics.alerts(), keysIn, serdes.alert().deserializer());
        baselines.pipeInput(DriftFixtures.MODEL_KEY, DriftFixtures.modelBaseline(), T0);
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void aWindowsPerformanceComesProvisionallyOnceItsLabelsAreInAndFinallyAtTheLabelDelay() {
        pipeWindow(0, false);
        pipeWindow(1, false);
        // Event time 20 s past window 0's end: its labels (10 s after their events) are all in.
        advanceTo(T0 + WINDOW + 20_000);
        List<MonitorMetric> early = performance(0);
        assertThat(early).as("window 0's performance metrics 20 s after its end").isNotEmpty()
                .allSatisfy(m -> {
                    assertThat(m.getProvisional()).isTrue();
                    assertThat(m.getRevision()).isZero();
                });
        assertThat(value(early, "labeled_pairs")).isEqualTo(PER_WINDOW);
        assertThat(value(early, "events")).isEqualTo(PER_WINDOW);
        assertThat(value(early, "label_coverage")).isEqualTo(1.0);
        assertThat(early).extracting(MonitorMetric::getMetric).contains("auc", "log_loss", "accuracy", "recall");
        assertThat(performance(1)).as("window 1 is still open").isEmpty();

        // Nothing more is emitted for window 0 until the label delay is over ...
        advanceTo(T0 + WINDOW + Duration.ofMinutes(9).toMillis());
        assertThat(performance(0)).hasSize(early.size());
        // ... then its final result, the same figures, as revision 1.
        advanceTo(T0 + WINDOW + Duration.ofMinutes(11).toMillis());
        List<MonitorMetric> last = performance(0).stream().filter(m -> !m.getProvisional()).toList();
        assertThat(last).isNotEmpty().allSatisfy(m -> assertThat(m.getRevision()).isEqualTo(1));
        assertThat(value(last, "labeled_pairs")).isEqualTo(PER_WINDOW);
        assertThat(value(last, "label_coverage")).isEqualTo(1.0);
        assertThat(value(last, "auc")).isEqualTo(value(early, "auc"));
    }

    @Test
    void theAlertRulesJudgeTheProvisionalResultSoADropIsRaisedBeforeTheLabelDelay() {
        pipeWindow(0, true);
        pipeWindow(1, true);
        advanceTo(T0 + 2 * WINDOW + 20_000);
        // Two windows whose labels contradict the scores: the AUC rule (raised after 2 windows) fires
        // on their provisional results, eight minutes before either closes.
        Alert auc = raised.stream().filter(a -> a.getState() == AlertState.FIRING && a.getMetric().equals("auc"))
                .findFirst().orElseThrow(() -> new AssertionError("no auc alert; alerts: " + raised));
        assertThat(auc.getWindowStart().toEpochMilli()).isEqualTo(T0 + WINDOW);
        assertThat(performance(1)).allSatisfy(m -> assertThat(m.getProvisional()).isTrue());

        advanceTo(T0 + 2 * WINDOW + Duration.ofMinutes(11).toMillis());
        assertThat(performance(1).stream().filter(m -> !m.getProvisional()))
                .as("window 1's final result").isNotEmpty();
        assertThat(raised.stream().filter(a -> a.getMetric().equals("auc") && a.getState() == AlertState.FIRING))
                .as("the final results, not judged again, raise nothing more").hasSize(1);
    }

    /**
     * Not about provisional results, but on the same fixture: a version that stops scoring (replaced by
     * a retrained champion, say) gets no more windows, so nothing else would ever clear its alerts.
     */
    @Test
    void theOpenAlertsOfAVersionThatStopsScoringAreResolvedAfterTheIdleTime() {
        pipeWindow(0, true);
        pipeWindow(1, true);
        advanceTo(T0 + 2 * WINDOW + 20_000);
        Alert firing = raised.stream().filter(a -> a.getState() == AlertState.FIRING && a.getMetric().equals("auc"))
                .findFirst().orElseThrow(() -> new AssertionError("no auc alert; alerts: " + raised));

        // No more traffic of the version: only wall-clock time passes.
        int minutes = 0;
        Alert resolved = null;
        while (resolved == null && minutes < 30) {
            driver.advanceWallClockTime(Duration.ofMinutes(1));
            minutes++;
            raised.addAll(alerts.readValuesToList());
            resolved = raised.stream().filter(a -> a.getState() == AlertState.RESOLVED
                    && a.getAlertId().equals(firing.getAlertId())).findFirst().orElse(null);
        }
        assertThat(resolved).as("the auc alert resolved within 30 min of idle time").isNotNull();
        assertThat(minutes).as("not before the default alert-idle-resolve of 15 min").isBetween(15, 16);
        assertThat(resolved.getMessage()).contains(DriftFixtures.MODEL_KEY, "no longer scores events", "15 min");
        assertThat(resolved.getKind()).isEqualTo("performance");
        assertThat(resolved.getModelVersion()).isEqualTo(firing.getModelVersion());
        assertThat(raised.stream().filter(a -> a.getState() == AlertState.FIRING)).extracting(Alert::getAlertId)
                .as("every alert that fired is resolved")
                .allSatisfy(id -> assertThat(raised).anySatisfy(a -> {
                    assertThat(a.getAlertId()).isEqualTo(id);
                    assertThat(a.getState()).isEqualTo(AlertState.RESOLVED);
                }));
        assertThat(driver.<String, Object>getKeyValueStore(DriftTopology.ALERT_STATE_STORE).get(DriftFixtures.MODEL_KEY))
                .as("the version's alert state is forgotten").isNull();
    }

    @Test
    void withoutEnoughLabelsAWindowGivesOnlyItsFinalResult() {
        List<Prediction> window = predictionsOf(0);
        for (int i = 0; i < window.size(); i++) {
            Prediction p = window.get(i);
            predictions.pipeInput(p.getEntityId(), p);
            if (i % 10 != 0) { // 90 % get their label, below the default 95 %
                labels.pipeInput(p.getEventId(), DriftFixtures.label(p, p.getEventTime().toEpochMilli() + LABEL_DELAY));
            }
        }
        advanceTo(T0 + WINDOW + Duration.ofMinutes(5).toMillis());
        assertThat(performance(0)).isEmpty();
        advanceTo(T0 + WINDOW + Duration.ofMinutes(11).toMillis());
        List<MonitorMetric> last = performance(0);
        assertThat(last).isNotEmpty().allSatisfy(m -> {
            assertThat(m.getProvisional()).isFalse();
            assertThat(m.getRevision()).isZero();
        });
        assertThat(value(last, "label_coverage")).isEqualTo(0.9);
    }

    /** Pipes a window's predictions, each followed in event time by its label (inverted when {@code contradict}). */
    private void pipeWindow(int w, boolean contradict) {
        List<Prediction> window = predictionsOf(w);
        List<Object[]> timeline = new ArrayList<>();
        for (Prediction p : window) {
            long time = p.getEventTime().toEpochMilli();
            timeline.add(new Object[] {time, p});
            Label label = DriftFixtures.label(p, time + LABEL_DELAY);
            if (contradict) {
                label.setLabel(p.getScore() >= 0.5 ? 0.0 : 1.0);
            }
            timeline.add(new Object[] {time + LABEL_DELAY, label});
        }
        timeline.sort(Comparator.comparingLong(e -> (long) e[0]));
        for (Object[] e : timeline) {
            if (e[1] instanceof Prediction p) {
                predictions.pipeInput(p.getEntityId(), p);
            } else {
                Label l = (Label) e[1];
                labels.pipeInput(l.getEventId(), l);
            }
        }
    }

    private static List<Prediction> predictionsOf(int w) {
        List<Prediction> out = new ArrayList<>();
        long start = T0 + w * WINDOW;
        for (int i = 0; i < PER_WINDOW; i++) {
            out.add(DriftFixtures.prediction(World.STATIONARY, w * 100_000L + i, start + i * (WINDOW - 1_000) / PER_WINDOW));
        }
        return out;
    }

    /**
     * Moves both input topics' event time to {@code time} (one labeled prediction there), then lets
     * wall-clock time pass so that the input tasks report their progress and the join sweeps.
     */
    private void advanceTo(long time) {
        Prediction tick = DriftFixtures.prediction(World.STATIONARY, 900_000 + time % 100_000, time);
        predictions.pipeInput(tick.getEntityId(), tick);
        labels.pipeInput(tick.getEventId(), DriftFixtures.label(tick, time + 1));
        for (int i = 0; i < 3; i++) {
            driver.advanceWallClockTime(Duration.ofSeconds(1));
        }
        seen.addAll(metrics.readValuesToList());
        raised.addAll(alerts.readValuesToList());
    }

    /**
     * Window {@code w}'s whole-traffic performance metrics so far (not the label-free estimates,
     * which come with the served window).
     */
    private List<MonitorMetric> performance(int w) {
        return seen.stream().filter(m -> m.getKind().equals("performance") && m.getSegment() == null
                && !m.getMetric().startsWith("estimated_") && m.getWindowStart().toEpochMilli() == T0 + w * WINDOW).toList();
    }

    private static double value(List<MonitorMetric> window, String metric) {
        Map<String, List<MonitorMetric>> byName = window.stream().collect(Collectors.groupingBy(MonitorMetric::getMetric));
        assertThat(byName.get(metric)).as(metric).hasSize(1);
        return byName.get(metric).get(0).getValue();
    }
}
