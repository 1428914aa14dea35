package dev.streamscore.drift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamscore.avro.ModelBaseline;
import dev.streamscore.avro.Prediction;
import dev.streamscore.drift.DriftFixtures.World;
import dev.streamscore.drift.dashboard.MetricHistory;
import dev.streamscore.drift.dashboard.MetricHistoryProcessor;
import dev.streamscore.drift.dashboard.ScoreDistribution;
import dev.streamscore.drift.dashboard.ScoreDistributionProcessor;
import dev.streamscore.schemas.registry.InMemorySchemaRegistryClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard's stores fed by the real {@link DriftTopology}: the bounded metric history and the
 * latest score distribution beside the baseline's.
 */
class DashboardTopologyTest {
    private static final long T0 = 1_767_225_600_000L;
    private static final long WINDOW = 10_000;
    private static final int PER_WINDOW = 300;

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<String, Prediction> predictions;
    private TestInputTopic<String, dev.streamscore.avro.Label> labels;

    @BeforeEach
    void start() {
        DriftConfig config = DriftConfig.from(new String[] {
            "--application-id", "dashboard-topology-test", "--bootstrap-servers", "unused:9092",
            "--state-dir", stateDir.toString(), "--window-size", "10s", "--window-grace", "2s",
            "--max-label-delay", "5s", "--dashboard-history-windows", "3"}, Map.of());
        DriftSerdes serdes = DriftSerdes.create(new InMemorySchemaRegistryClient(), Map.of());
        driver = new TopologyTestDriver(DriftTopology.build(config, serdes), config.streamsProperties());
        StringSerializer keys = new StringSerializer();
        predictions = driver.createInputTopic(config.topics().predictions(), keys, serdes.prediction().serializer());
        labels = driver.createInputTopic(config.topics().labels(), keys, serdes.label().serializer());
        TestInputTopic<String, ModelBaseline> baselines =
                driver.createInputTopic(config.topics().modelBaselines(), keys, serdes.modelBaseline().serializer());
        baselines.pipeInput(DriftFixtures.MODEL_KEY, DriftFixtures.modelBaseline(), T0);
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void theHistoryKeepsTheNewestWindowsWithServedAndPerformanceValuesAndTheBaselines() {
        for (int w = 0; w < 5; w++) {
            pipeWindow(w < 3 ? World.STATIONARY : World.AMOUNT_SHIFT, w);
        }
        closeWindowsBefore(T0 + 5 * WINDOW);

        KeyValueStore<String, MetricHistory> store = driver.getKeyValueStore(MetricHistoryProcessor.STORE);
        MetricHistory history = store.get(DriftFixtures.MODEL_KEY);
        assertThat(history.windows()).as("capacity 3: the newest three of five windows")
                .extracting(MetricHistory.Window::start).containsExactly(T0 + 2 * WINDOW, T0 + 3 * WINDOW, T0 + 4 * WINDOW);
        MetricHistory.Window last = history.windows().get(2);
        assertThat(last.events()).isEqualTo(PER_WINDOW);
        assertThat(last.labeled()).as("the performance report filled the same window").isEqualTo(PER_WINDOW);
        String amountPsi = MetricHistory.seriesId("data_drift", "psi", "amount");
        assertThat(history.windows().get(0).values().get(amountPsi)).as("stationary").isLessThan(0.1);
        assertThat(last.values().get(amountPsi)).as("shifted").isGreaterThan(0.25);
        assertThat(last.values()).containsKeys(MetricHistory.seriesId("performance", "auc", null),
                MetricHistory.seriesId("prediction_drift", "psi", null), MetricHistory.seriesId("label_drift", "label_rate", null),
                MetricHistory.seriesId("skew", "missing_rate_delta", "amount"));
        assertThat(last.values()).as("p-values and per-segment values are not charted")
                .doesNotContainKeys(MetricHistory.seriesId("data_drift", "ks_pvalue", "amount"));
        assertThat(history.seriesIds()).noneMatch(id -> id.startsWith("bias|"));
        assertThat(history.baselines()).containsEntry(MetricHistory.seriesId("performance", "auc", null),
                DriftFixtures.card().holdout().auc());
    }

    @Test
    void theScoreDistributionIsTheLatestWindowsBesideTheHoldoutScores() {
        pipeWindow(World.STATIONARY, 0);
        pipeWindow(World.STATIONARY, 1);
        closeWindowsBefore(T0 + 2 * WINDOW);

        KeyValueStore<String, ScoreDistribution> store = driver.getKeyValueStore(ScoreDistributionProcessor.STORE);
        ScoreDistribution d = store.get(DriftFixtures.MODEL_KEY);
        assertThat(d.windowStart()).isEqualTo(T0 + WINDOW);
        assertThat(d.windowEnd()).isEqualTo(T0 + 2 * WINDOW);
        assertThat(Arrays.stream(d.counts()).sum()).isEqualTo(PER_WINDOW);
        assertThat(d.counts()).hasSize(d.edges().length + 1);
        assertThat(d.baselineCounts()).isEqualTo(DriftFixtures.card().profile().scoreHistogram().counts());
    }

    private void pipeWindow(World world, int window) {
        long start = T0 + window * WINDOW;
        for (int i = 0; i < PER_WINDOW; i++) {
            Prediction p = DriftFixtures.prediction(world, window * 100_000L + i, start + i * (WINDOW - 1_000) / PER_WINDOW);
            predictions.pipeInput(p.getEntityId(), p);
            labels.pipeInput(p.getEventId(), DriftFixtures.label(p, p.getEventTime().toEpochMilli() + 500));
        }
    }

    /**
     * A labeled prediction late enough to close every served and performance window before
     * {@code end}, and a progress interval of wall-clock time for the input tasks to report it.
     */
    private void closeWindowsBefore(long end) {
        long time = end + 60_000;
        Prediction tick = DriftFixtures.prediction(World.STATIONARY, 999_999, time);
        predictions.pipeInput(tick.getEntityId(), tick);
        labels.pipeInput(tick.getEventId(), DriftFixtures.label(tick, time + 1));
        driver.advanceWallClockTime(Duration.ofSeconds(1));
    }
}
