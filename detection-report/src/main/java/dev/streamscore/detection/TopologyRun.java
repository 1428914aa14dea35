package dev.streamscore.detection;

import dev.streamscore.avro.Alert;
import dev.streamscore.avro.Label;
import dev.streamscore.avro.ModelBaseline;
import dev.streamscore.avro.MonitorMetric;
import dev.streamscore.avro.Prediction;
import dev.streamscore.drift.DriftConfig;
import dev.streamscore.drift.DriftSerdes;
import dev.streamscore.drift.DriftTopology;
import dev.streamscore.schemas.registry.InMemorySchemaRegistryClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * One run of the real {@link DriftTopology} (built by {@code DriftTopology.build} from a
 * {@link DriftConfig} with every default but {@code extraFlags}) on a {@link TopologyTestDriver}:
 * the baseline, then predictions and labels in time order as a broker would hand them over, the
 * input tasks reporting their progress on the wall clock as the app does, and finally one tick far
 * enough ahead that every served and performance window closes. Returns every alert and every
 * metric at its latest revision.
 */
public final class TopologyRun {
    /** Records between two progress reports: the app reports once a second, whatever it has read. */
    private static final int RECORDS_PER_PROGRESS = 2_000;

    private TopologyRun() {
    }

    /**
     * Every alert transition, in order, and every metric of the run at its latest revision.
     *
     * @param metrics one per model/window/kind/metric/feature/segment, the highest revision
     */
    public record Output(List<Alert> alerts, List<MonitorMetric> metrics) {
    }

    public static Output run(ModelBaseline baseline, RunTraffic traffic, List<String> extraFlags) {
        Path stateDir = tempDir();
        try {
            List<String> flags = new ArrayList<>(List.of("--application-id", "detection-report",
                    "--bootstrap-servers", "unused:9092", "--state-dir", stateDir.toString()));
            flags.addAll(extraFlags);
            DriftConfig config = DriftConfig.from(flags.toArray(String[]::new), Map.of());
            DriftSerdes serdes = DriftSerdes.create(new InMemorySchemaRegistryClient(), Map.of());
            try (TopologyTestDriver driver = new TopologyTestDriver(DriftTopology.build(config, serdes),
                    config.streamsProperties())) {
                return drive(driver, config, serdes, baseline, traffic);
            }
        } finally {
            deleteRecursively(stateDir);
        }
    }

    private static Output drive(TopologyTestDriver driver, DriftConfig config, DriftSerdes serdes, ModelBaseline baseline,
            RunTraffic traffic) {
        DriftConfig.Topics topics = config.topics();
        StringSerializer keys = new StringSerializer();
        TestInputTopic<String, Prediction> predictions = driver.createInputTopic(topics.predictions(), keys,
                serdes.prediction().serializer());
        TestInputTopic<String, Label> labels = driver.createInputTopic(topics.labels(), keys, serdes.label().serializer());
        TestInputTopic<String, ModelBaseline> baselines = driver.createInputTopic(topics.modelBaselines(), keys,
                serdes.modelBaseline().serializer());
        StringDeserializer keysIn = new StringDeserializer();
        TestOutputTopic<String, MonitorMetric> metricsOut = driver.createOutputTopic(topics.driftMetrics(), keysIn,
                serdes.monitorMetric().deserializer());
        TestOutputTopic<String, Alert> alertsOut = driver.createOutputTopic(topics.alerts(), keysIn,
                serdes.alert().deserializer());
        Set<String> drained = Set.of(topics.driftMetrics(), topics.alerts());

        Prediction first = traffic.predictions().get(0);
        baselines.pipeInput(first.getModelName() + "@" + first.getModelVersion(), baseline,
                first.getEventTime().toEpochMilli());

        List<MonitorMetric> metrics = new ArrayList<>();
        List<Alert> alerts = new ArrayList<>();
        List<Label> labelsByTime = traffic.labels().stream()
                .sorted(Comparator.comparing(Label::getLabelTime)).toList();
        int p = 0;
        int l = 0;
        long piped = 0;
        long lastTime = 0;
        while (p < traffic.predictions().size() || l < labelsByTime.size()) {
            boolean nextIsPrediction = l >= labelsByTime.size() || (p < traffic.predictions().size()
                    && !traffic.predictions().get(p).getEventTime().isAfter(labelsByTime.get(l).getLabelTime()));
            if (nextIsPrediction) {
                Prediction prediction = traffic.predictions().get(p++);
                lastTime = prediction.getEventTime().toEpochMilli();
                predictions.pipeInput(prediction.getEntityId(), prediction, lastTime);
            } else {
                Label label = labelsByTime.get(l++);
                lastTime = label.getLabelTime().toEpochMilli();
                labels.pipeInput(label.getEventId(), label, lastTime);
            }
            if (++piped % RECORDS_PER_PROGRESS == 0) {
                driver.advanceWallClockTime(Duration.ofSeconds(1));
                collect(driver, metricsOut, alertsOut, drained, metrics, alerts);
            }
        }
        // One labeled tick past every label's deadline in both input partitions: every served window and
        // every performance window (end + max label delay + grace, then the unlabeled sweep) closes.
        long tick = lastTime + config.maxLabelDelay().toMillis() + config.windowGrace().toMillis()
                + config.windowSize().toMillis() * 2;
        Prediction last = traffic.predictions().get(traffic.predictions().size() - 1);
        Prediction tickPrediction = Prediction.newBuilder(last).setEventId("detection-report-tick")
                .setEventTime(Instant.ofEpochMilli(tick)).build();
        predictions.pipeInput(tickPrediction.getEntityId(), tickPrediction, tick);
        labels.pipeInput(tickPrediction.getEventId(), Label.newBuilder().setEventId(tickPrediction.getEventId())
                .setLabel(0).setLabelTime(Instant.ofEpochMilli(tick + 1)).setSource("detection-report").build(), tick + 1);
        for (int i = 0; i < 3; i++) {
            driver.advanceWallClockTime(Duration.ofSeconds(1));
        }
        collect(driver, metricsOut, alertsOut, drained, metrics, alerts);
        return new Output(List.copyOf(alerts), latestRevisions(metrics));
    }

    /** Reads what the topology wrote so far; output the report does not use is dropped, so memory stays flat. */
    private static void collect(TopologyTestDriver driver, TestOutputTopic<String, MonitorMetric> metricsOut,
            TestOutputTopic<String, Alert> alertsOut, Set<String> kept, List<MonitorMetric> metrics, List<Alert> alerts) {
        metrics.addAll(metricsOut.readValuesToList());
        alerts.addAll(alertsOut.readValuesToList());
        for (String topic : driver.producedTopicNames()) {
            if (!kept.contains(topic)) {
                TestOutputTopic<byte[], byte[]> other = driver.createOutputTopic(topic, new ByteArrayDeserializer(),
                        new ByteArrayDeserializer());
                while (!other.isEmpty()) {
                    other.readRecord();
                }
            }
        }
    }

    /** A window's metrics can be revised (late records, a provisional performance result): the last word counts. */
    static List<MonitorMetric> latestRevisions(List<MonitorMetric> metrics) {
        Map<String, MonitorMetric> latest = new HashMap<>();
        for (MonitorMetric m : metrics) {
            String key = m.getModelName() + "@" + m.getModelVersion() + "|" + m.getWindowStart() + "|" + m.getKind() + "|"
                    + m.getMetric() + "|" + m.getFeature() + "|" + m.getSegment();
            latest.merge(key, m, (a, b) -> b.getRevision() >= a.getRevision() ? b : a);
        }
        return latest.values().stream().sorted(Comparator.comparing(MonitorMetric::getWindowStart)).toList();
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("detection-report-state");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
