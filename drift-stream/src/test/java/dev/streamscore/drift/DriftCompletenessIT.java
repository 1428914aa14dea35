package dev.streamscore.drift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamscore.avro.Label;
import dev.streamscore.avro.MonitorMetric;
import dev.streamscore.avro.Prediction;
import dev.streamscore.drift.ItKafka.Tail;
import dev.streamscore.drift.ItKafka.Timed;
import dev.streamscore.drift.simulation.SimulatedModel;
import dev.streamscore.drift.simulation.SimulatedTraffic;
import dev.streamscore.local.testing.LocalStackExtension;
import dev.streamscore.local.testing.TestStack;
import dev.streamscore.simulator.SimulatorConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Windows are complete whatever order the input partitions are read in. Two models' predictions
 * and labels, 60 windows of them, are on the broker (4 partitions each) before drift-stream starts,
 * but for the predictions of one partition, produced only once the app has read and joined
 * everything else: as a backlog with one scorer partition far behind the others.
 * <ul>
 *   <li>With the default grace and two instances, every window's first (and only) result counts
 *       exactly the predictions in it and its labeled pairs: the windows waited for the lagging
 *       partition (the idle timeout is longer than the hold-back).</li>
 *   <li>When the lagging partition is declared idle (a short idle timeout) the windows close without
 *       it; its records then arrive late, are counted as such, and revise their windows, whose latest
 *       revision again counts exactly what was in them.</li>
 * </ul>
 */
@ExtendWith(LocalStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DriftCompletenessIT {
    private static final Logger LOG = LoggerFactory.getLogger(DriftCompletenessIT.class);
    private static final Duration WINDOW = Duration.ofSeconds(5);
    private static final Duration MAX_LABEL_DELAY = Duration.ofSeconds(10);
    private static final int PARTITIONS = 4;
    /** The predictions partition produced last. */
    private static final int LAGGING = 3;
    private static final int WINDOWS = 60;
    private static final int PER_WINDOW = 150;
    private static final Map<String, Long> MODELS = Map.of("fraud", 71L, "fraud-eu", 72L);
    /** A liveness bound, not a speed claim. */
    private static final Duration TIMEOUT = Duration.ofMinutes(8);

    private final HttpClient http = HttpClient.newHttpClient();
    private SimulatedModel model;
    private Instant start;
    /** Every prediction with the partition it is produced to, and its label. */
    private final List<Timed> predictions = new ArrayList<>();
    private final List<Timed> labels = new ArrayList<>();
    private final Map<String, Map<Integer, Long>> events = new HashMap<>();
    private final Map<String, Map<Integer, Long>> pairs = new HashMap<>();
    private final Map<String, Map<Integer, Long>> lagging = new HashMap<>();

    @BeforeAll
    void generate() {
        model = SimulatedModel.shared();
        start = ItKafka.recentStart();
        for (Map.Entry<String, Long> m : MODELS.entrySet()) {
            SimulatedTraffic traffic = SimulatedTraffic.generate(SimulatorConfig.defaults().withSeed(m.getValue())
                    .withStartTime(start).withEventsPerSecond(PER_WINDOW / (double) WINDOW.toSeconds())
                    .withLabelDelayMedian(Duration.ofSeconds(2)), PER_WINDOW * WINDOWS, model, m.getKey());
            for (int i = 0; i < traffic.predictions().size(); i++) {
                Prediction p = traffic.predictions().get(i);
                Label l = traffic.labels().get(i);
                int partition = Math.floorMod(p.getEventId().hashCode(), PARTITIONS);
                predictions.add(new Timed("predictions", partition, p.getEntityId(), p, p.getEventTime().toEpochMilli()));
                labels.add(new Timed("labels", l.getEventId(), l, l.getLabelTime().toEpochMilli()));
                int window = windowOf(p.getEventTime().toEpochMilli());
                events.computeIfAbsent(m.getKey(), k -> new HashMap<>()).merge(window, 1L, Long::sum);
                long pair = l.getLabelTime().isAfter(p.getEventTime().plus(MAX_LABEL_DELAY)) ? 0 : 1;
                pairs.computeIfAbsent(m.getKey(), k -> new HashMap<>()).merge(window, pair, Long::sum);
                lagging.computeIfAbsent(m.getKey(), k -> new HashMap<>()).merge(window, partition == LAGGING ? 1L : 0L, Long::sum);
            }
        }
    }

    @Test
    void everyWindowWaitsForTheLaggingPartitionAndCountsEveryEventOnce(TestStack stack, @TempDir Path stateDirs)
            throws Exception {
        DriftItTopics topics = DriftItTopics.create(stack, "complete", PARTITIONS);
        produceAllButTheLaggingPartition(stack, topics);
        // Longer than the hold-back below: the lagging partition is not idle, it is behind.
        List<String> args = args(stack, topics, "complete-app", "--idle-timeout", "10m", "--http-port", "-1");
        try (Tail<Object> labeled = new Tail<>(stack, topics.labeled());
                Tail<MonitorMetric> out = new Tail<>(stack, topics.metrics());
                DriftApp a = DriftApp.start(config(args, stateDirs.resolve("a")));
                DriftApp b = DriftApp.start(config(args, stateDirs.resolve("b")))) {
            long others = expectedPairs(p -> p != LAGGING);
            long began = System.nanoTime();
            labeled.await(r -> r.size() >= others, TIMEOUT);
            LOG.info("Both instances joined the {} pairs of the other partitions in {} ms", others,
                    (System.nanoTime() - began) / 1_000_000);
            assertThat(out.read()).as("no window closes while a predictions partition has not been read").isEmpty();
            assertThat(activeTasks(a)).as("instance A has tasks").isPositive();
            assertThat(activeTasks(b)).as("instance B has tasks").isPositive();

            produceTheLaggingPartition(stack, topics, true);
            List<MonitorMetric> metrics = awaitEveryWindow(out, m -> !m.getProvisional());
            LOG.info("Every window closed {} ms after the lagging partition was produced", (System.nanoTime() - began) / 1_000_000);

            DriftFixtures.assertNoLateRevision(metrics);
            Map<String, Long> copies = metrics.stream().collect(Collectors.groupingBy(DriftCompletenessIT::id,
                    Collectors.counting()));
            assertThat(copies.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList())
                    .as("metric values written more than once").isEmpty();
            assertCountsEqual(latest(metrics));
            assertThat(labeled.read()).as("labeled pairs").hasSize((int) expectedPairs(p -> true));
        }
    }

    @Test
    void recordsOfAPartitionThatWentIdleArriveLateAndReviseTheirWindows(TestStack stack, @TempDir Path stateDir)
            throws Exception {
        DriftItTopics topics = DriftItTopics.create(stack, "late", PARTITIONS);
        produceAllButTheLaggingPartition(stack, topics);
        // Long enough that no partition with data waiting is taken for idle on a loaded machine.
        List<String> args = args(stack, topics, "late-app", "--idle-timeout", "20s", "--http-port", "0");
        try (Tail<MonitorMetric> out = new Tail<>(stack, topics.metrics());
                DriftApp app = DriftApp.start(config(args, stateDir))) {
            // The lagging partition goes idle: every window closes without its predictions.
            List<MonitorMetric> atClose = awaitEveryWindow(out, m -> true);
            Map<String, MonitorMetric> first = latest(atClose);
            for (String name : MODELS.keySet()) {
                for (int w = 0; w < WINDOWS; w++) {
                    assertThat((long) first.get(key(name, w, "served", "events")).getValue())
                            .as("window %d of %s at close, without the idle partition", w, name)
                            .isEqualTo(events.get(name).get(w) - lagging.get(name).get(w));
                }
            }

            produceTheLaggingPartition(stack, topics, false);
            long lateEvents = lagging.values().stream().flatMap(m -> m.values().stream()).mapToLong(Long::longValue).sum();
            List<MonitorMetric> all = out.await(r -> {
                Map<String, MonitorMetric> newest = latest(r.stream().map(ConsumerRecord::value).toList());
                return MODELS.keySet().stream().allMatch(name -> IntStream.range(0, WINDOWS).allMatch(w ->
                        newest.containsKey(key(name, w, "served", "events"))
                                && newest.get(key(name, w, "served", "events")).getValue() == events.get(name).get(w)
                                && newest.containsKey(key(name, w, "performance", "labeled_pairs"))
                                && newest.get(key(name, w, "performance", "labeled_pairs")).getValue() == pairs.get(name).get(w)));
            }, TIMEOUT).stream().map(ConsumerRecord::value).toList();
            Map<String, MonitorMetric> revised = latest(all);
            assertCountsEqual(revised);
            long revisedLate = 0;
            for (String name : MODELS.keySet()) {
                for (int w = 0; w < WINDOWS; w++) {
                    MonitorMetric late = revised.get(key(name, w, "served", "late_events"));
                    assertThat((long) late.getValue()).as("late events of window %d of %s", w, name)
                            .isEqualTo(lagging.get(name).get(w));
                    assertThat(late.getRevision()).as("revision of window %d of %s", w, name).isPositive();
                    revisedLate += (long) late.getValue();
                }
            }
            assertThat(revisedLate).isEqualTo(lateEvents);
            // Kafka Streams' counters reach /metrics when its meters are next checked for new ones (10 s).
            String prometheus = get(app, "/metrics");
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (sum(prometheus, "late_events_total") < lateEvents && System.nanoTime() < deadline) {
                Thread.sleep(1_000);
                prometheus = get(app, "/metrics");
            }
            assertThat(sum(prometheus, "late_events_total")).as("late events on /metrics (served and performance counts)")
                    .isGreaterThanOrEqualTo(lateEvents);
            assertThat(sum(prometheus, "idle_input_partitions_total")).as("idle partitions on /metrics").isPositive();
            LOG.info("On /metrics: {}", prometheus.lines().filter(l -> l.contains("late_events") || l.contains("idle_input"))
                    .filter(l -> !l.startsWith("#")).toList());
            assertThat(app.state()).isEqualTo(KafkaStreams.State.RUNNING);
        }
    }

    private void produceAllButTheLaggingPartition(TestStack stack, DriftItTopics topics) {
        List<Timed> records = new ArrayList<>();
        model.card(); // trained before the clock-sensitive part
        for (String name : MODELS.keySet()) {
            ItKafka.sendInTimeOrder(stack, List.of(new Timed(topics.baselines(), name + "@1", model.baseline(name),
                    System.currentTimeMillis())));
        }
        predictions.stream().filter(t -> t.partition() != LAGGING).forEach(t -> records.add(on(topics, t)));
        labels.forEach(t -> records.add(on(topics, t)));
        records.addAll(ticks(topics).stream().filter(t -> !(t.topic().equals(topics.predictions()) && t.partition() == LAGGING))
                .toList());
        ItKafka.sendInTimeOrder(stack, records);
    }

    private void produceTheLaggingPartition(TestStack stack, DriftItTopics topics, boolean withTick) {
        List<Timed> records = new ArrayList<>();
        predictions.stream().filter(t -> t.partition() == LAGGING).forEach(t -> records.add(on(topics, t)));
        if (withTick) {
            records.addAll(ticks(topics).stream().filter(t -> t.topic().equals(topics.predictions()) && t.partition() == LAGGING)
                    .toList());
        }
        ItKafka.sendInTimeOrder(stack, records);
    }

    private List<Timed> ticks(DriftItTopics topics) {
        return ItKafka.ticks(topics, (Prediction) predictions.get(0).value(),
                start.toEpochMilli() + Duration.ofMinutes(20).toMillis());
    }

    private static Timed on(DriftItTopics topics, Timed t) {
        String topic = t.topic().equals("predictions") ? topics.predictions() : topics.labels();
        return new Timed(topic, t.partition(), t.key(), t.value(), t.timestamp());
    }

    private long expectedPairs(Predicate<Integer> partitions) {
        long n = 0;
        for (int i = 0; i < predictions.size(); i++) {
            Prediction p = (Prediction) predictions.get(i).value();
            Label l = (Label) labels.get(i).value();
            if (partitions.test(predictions.get(i).partition())
                    && !l.getLabelTime().isAfter(p.getEventTime().plus(MAX_LABEL_DELAY))) {
                n++;
            }
        }
        return n;
    }

    /** Reads drift-metrics until every window of every model has a performance result that {@code counts}. */
    private List<MonitorMetric> awaitEveryWindow(Tail<MonitorMetric> out, Predicate<MonitorMetric> counts) {
        return out.await(r -> MODELS.keySet().stream().allMatch(name -> r.stream().map(ConsumerRecord::value)
                .filter(counts).filter(m -> m.getModelName().equals(name) && m.getKind().equals("performance")
                        && m.getMetric().equals("labeled_pairs"))
                .map(m -> windowOf(m.getWindowStart().toEpochMilli())).distinct().filter(w -> w >= 0 && w < WINDOWS)
                .count() == WINDOWS), TIMEOUT).stream().map(ConsumerRecord::value).toList();
    }

    /** Every window's served and performance counts equal what was produced into it. */
    private void assertCountsEqual(Map<String, MonitorMetric> latest) {
        for (String name : MODELS.keySet()) {
            for (int w = 0; w < WINDOWS; w++) {
                assertThat((long) latest.get(key(name, w, "served", "events")).getValue())
                        .as("predictions counted in served window %d of %s", w, name).isEqualTo(events.get(name).get(w));
                assertThat(latest.get(key(name, w, "prediction_drift", "positive_rate")).getSampleSize())
                        .as("sample of prediction drift in window %d of %s", w, name).isEqualTo(events.get(name).get(w));
                assertThat((long) latest.get(key(name, w, "performance", "events")).getValue())
                        .as("predictions counted in performance window %d of %s", w, name).isEqualTo(events.get(name).get(w));
                assertThat((long) latest.get(key(name, w, "performance", "labeled_pairs")).getValue())
                        .as("labeled pairs in performance window %d of %s", w, name).isEqualTo(pairs.get(name).get(w));
            }
        }
    }

    /** The newest revision of every metric value, by {@link #key}. */
    private Map<String, MonitorMetric> latest(List<MonitorMetric> metrics) {
        Map<String, MonitorMetric> latest = new HashMap<>();
        for (MonitorMetric m : metrics) {
            if (m.getSegment() != null || m.getFeature() != null) {
                continue;
            }
            String key = key(m.getModelName(), windowOf(m.getWindowStart().toEpochMilli()), m.getKind(), m.getMetric());
            MonitorMetric seen = latest.get(key);
            if (seen == null || seen.getRevision() <= m.getRevision()) {
                latest.put(key, m);
            }
        }
        return latest;
    }

    private static String key(String model, int window, String kind, String metric) {
        return model + "/" + window + "/" + kind + "/" + metric;
    }

    private static String id(MonitorMetric m) {
        return m.getModelName() + "/" + m.getWindowStart() + "/" + m.getKind() + "/" + m.getMetric() + "/" + m.getFeature()
                + "/" + m.getSegment() + "/" + m.getRevision();
    }

    private int windowOf(long time) {
        return (int) Math.floorDiv(time - start.toEpochMilli(), WINDOW.toMillis());
    }

    private static long activeTasks(DriftApp app) {
        return app.streams().metadataForLocalThreads().stream().mapToLong(t -> t.activeTasks().size()).sum();
    }

    private List<String> args(TestStack stack, DriftItTopics topics, String app, String... more) {
        List<String> args = new ArrayList<>(List.of("--application-id", stack.topic(app),
                "--bootstrap-servers", stack.bootstrapServers(), "--registry-url", stack.registryUrl(),
                "--window-size", WINDOW.toSeconds() + "s", "--max-label-delay", MAX_LABEL_DELAY.toSeconds() + "s",
                "--kafka.commit.interval.ms", "500"));
        args.addAll(topics.flags());
        args.addAll(List.of(more));
        return args;
    }

    private static DriftConfig config(List<String> args, Path stateDir) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of("--state-dir", stateDir.toString()));
        return DriftConfig.from(all.toArray(String[]::new), Map.of());
    }

    private String get(DriftApp app, String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + app.httpPort() + path)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return response.body();
    }

    /** The sum over every series of a Prometheus metric whose name ends with {@code suffix}. */
    private static double sum(String prometheus, String suffix) {
        Matcher m = Pattern.compile("(?m)^([a-z_]*" + Pattern.quote(suffix) + ")(\\{[^}]*\\})? ([0-9.eE+-]+)$").matcher(prometheus);
        double sum = 0;
        while (m.find()) {
            sum += Double.parseDouble(m.group(3));
        }
        return sum;
    }
}
