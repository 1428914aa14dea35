package dev.streamscore.drift;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamscore.avro.Alert;
import dev.streamscore.avro.AlertState;
import dev.streamscore.avro.Label;
import dev.streamscore.avro.MonitorMetric;
import dev.streamscore.avro.Prediction;
import dev.streamscore.drift.ItKafka.Tail;
import dev.streamscore.drift.ItKafka.Timed;
import dev.streamscore.drift.query.LatestMetricsProcessor;
import dev.streamscore.drift.simulation.SimulatedModel;
import dev.streamscore.drift.simulation.SimulatedTraffic;
import dev.streamscore.local.testing.LocalStackExtension;
import dev.streamscore.local.testing.TestStack;
import dev.streamscore.simulator.Scenario;
import dev.streamscore.simulator.ScenarioSchedule;
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
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two drift-stream instances (same application id, own state dirs) on inputs with two partitions:
 * instance A runs {@code DriftApp.main} in a child JVM and is killed with SIGKILL while the join
 * and the windows are filling; instance B (in this JVM) takes its tasks over, restoring their state
 * from the changelogs. Every window of every model must then come out exactly once, with exactly
 * the events it had. Then a third instance C joins, and the HTTP interactive queries must give the
 * same answer on B and C, whichever of them owns the stores.
 */
@ExtendWith(LocalStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DriftClusterIT {
    private static final Logger LOG = LoggerFactory.getLogger(DriftClusterIT.class);
    private static final Duration WINDOW = Duration.ofSeconds(5);
    private static final Duration MAX_LABEL_DELAY = Duration.ofSeconds(10);
    /** A liveness bound, not a speed claim (a loaded CI machine is several times slower than a quiet one). */
    private static final Duration TIMEOUT = Duration.ofMinutes(8);
    private static final int WINDOWS = 16;
    private static final int PER_WINDOW = 500;
    /** Three models, so both partitions of the per-model topics carry windows; fraud@1 drifts (a skew bug) half way. */
    private static final Map<String, Long> MODELS = Map.of("fraud", 61L, "fraud-eu", 62L, "fraud-us", 63L);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private SimulatedModel model;
    private TestStack stack;
    private DriftItTopics topics;
    private Instant start;
    private List<String> appArgs;
    private DriftApp survivor;
    /** Events per model and window index. */
    private final Map<String, Map<Integer, Long>> expectedEvents = new HashMap<>();
    /** Labeled pairs (label within the maximum delay) per model and window index. */
    private final Map<String, Map<Integer, Long>> expectedPairs = new HashMap<>();
    private List<MonitorMetric> metrics;
    private Duration takeover;

    @BeforeAll
    void killOneOfTwoInstancesMidStream(TestStack stack, @TempDir Path stateDirs) throws Exception {
        this.stack = stack;
        model = SimulatedModel.shared();
        topics = DriftItTopics.create(stack, "cluster", 2);
        start = ItKafka.recentStart();
        List<Timed> records = new ArrayList<>();
        long expectedLabeled = 0;
        for (Map.Entry<String, Long> m : MODELS.entrySet()) {
            ScenarioSchedule schedule = m.getKey().equals("fraud")
                    ? ScenarioSchedule.switchingTo(Scenario.SKEW_BUG_CENTS, WINDOW.multipliedBy(WINDOWS / 2))
                    : ScenarioSchedule.stationary();
            SimulatedTraffic traffic = SimulatedTraffic.generate(SimulatorConfig.defaults().withSeed(m.getValue())
                    .withStartTime(start).withEventsPerSecond(PER_WINDOW / (double) WINDOW.toSeconds())
                    .withLabelDelayMedian(Duration.ofSeconds(2)).withSchedule(schedule), PER_WINDOW * WINDOWS, model, m.getKey());
            for (int i = 0; i < traffic.predictions().size(); i++) {
                Prediction p = traffic.predictions().get(i);
                Label l = traffic.labels().get(i);
                records.add(new Timed(topics.predictions(), p.getEntityId(), p, p.getEventTime().toEpochMilli()));
                records.add(new Timed(topics.labels(), l.getEventId(), l, l.getLabelTime().toEpochMilli()));
                long pair = l.getLabelTime().isAfter(p.getEventTime().plus(MAX_LABEL_DELAY)) ? 0 : 1;
                expectedLabeled += pair;
                expectedEvents.computeIfAbsent(m.getKey(), k -> new HashMap<>())
                        .merge(windowOf(p.getEventTime().toEpochMilli()), 1L, Long::sum);
                expectedPairs.computeIfAbsent(m.getKey(), k -> new HashMap<>())
                        .merge(windowOf(p.getEventTime().toEpochMilli()), pair, Long::sum);
            }
            // Published now, as the publisher does: a record stamped long ago (it was 0) is deleted by
            // the broker's next retention check, and the app then ran without a baseline (seen in CI).
            ItKafka.sendInTimeOrder(stack, List.of(new Timed(topics.baselines(), m.getKey() + "@1", model.baseline(m.getKey()),
                    System.currentTimeMillis())));
        }
        // 20 minutes after the data, in every input partition: read, they close every window.
        Prediction template = (Prediction) records.get(0).value();
        records.addAll(ItKafka.ticks(topics, template, start.toEpochMilli() + Duration.ofMinutes(20).toMillis()));
        ItKafka.sendInTimeOrder(stack, records);

        appArgs = new ArrayList<>(List.of("--application-id", stack.topic("cluster-app"),
                "--bootstrap-servers", stack.bootstrapServers(), "--registry-url", stack.registryUrl(),
                // The default grace: while A's partitions wait for the group to notice it is gone, B
                // runs ahead on its own, and the windows wait for A's partitions, replayed by B.
                "--window-size", WINDOW.toSeconds() + "s", "--max-label-delay", MAX_LABEL_DELAY.toSeconds() + "s",
                "--kafka.commit.interval.ms", "500",
                // A crashed member is noticed after this; the broker's minimum.
                "--kafka.session.timeout.ms", "6000", "--kafka.heartbeat.interval.ms", "1500"));
        appArgs.addAll(topics.flags());

        long expected = expectedLabeled;
        try (Tail<Object> labeled = new Tail<>(stack, topics.labeled());
                Tail<MonitorMetric> out = new Tail<>(stack, topics.metrics());
                DriftChildProcess a = DriftChildProcess.start("drift-a", args(stateDirs.resolve("a")),
                        Path.of("target", "cluster-it"))) {
            a.awaitRunning(TIMEOUT);
            survivor = DriftApp.start(config(stateDirs.resolve("b"), 0));
            awaitRunning(survivor);
            labeled.await(r -> r.size() >= expected * 2 / 5, TIMEOUT);
            int before = labeled.read().size();
            long killed = System.nanoTime();
            a.kill();
            LOG.info("Killed instance A (PID {}) with SIGKILL after {} of {} pairs were joined", a.pid(), before, expected);
            List<ConsumerRecord<String, Object>> all = labeled.await(r -> r.size() >= expected, TIMEOUT);
            takeover = Duration.ofNanos(System.nanoTime() - killed);
            LOG.info("Instance B joined the rest {} ms after the kill", takeover.toMillis());
            assertThat(all).as("labeled pairs, read committed").hasSize((int) expected);
            assertThat(all.stream().map(r -> r.key() + "/" + ((dev.streamscore.avro.LabeledPrediction) r.value())
                    .getPrediction().getModelName()).distinct().count()).as("distinct labeled pairs").isEqualTo(expected);

            metrics = out.await(r -> MODELS.keySet().stream().allMatch(name -> r.stream().anyMatch(m ->
                    m.value().getModelName().equals(name) && m.value().getMetric().equals("label_coverage")
                            && !m.value().getProvisional() && windowOf(m.value().getWindowStart().toEpochMilli()) == WINDOWS - 1)), TIMEOUT)
                    .stream().map(ConsumerRecord::value).toList();
        }
    }

    @AfterAll
    void stopInstances() {
        if (survivor != null) {
            survivor.close();
        }
    }

    @Test
    void afterAKillEveryWindowComesOutOnceWithAllItsEvents() {
        Map<String, Long> copies = metrics.stream().filter(m -> windowOf(m.getWindowStart().toEpochMilli()) < WINDOWS)
                .collect(Collectors.groupingBy(m -> m.getModelName() + "/" + m.getWindowStart() + "/" + m.getKind() + "/"
                        + m.getMetric() + "/" + m.getFeature() + "/" + m.getSegment() + "/" + m.getProvisional(),
                        Collectors.counting()));
        long duplicates = copies.values().stream().mapToLong(c -> c - 1).sum();
        LOG.info("{} metric values over {} models x {} windows, {} duplicates, takeover {} ms", copies.size(),
                MODELS.size(), WINDOWS, duplicates, takeover.toMillis());
        assertThat(duplicates).as("metric values written more than once (exactly_once_v2)").isZero();
        DriftFixtures.assertNoLateRevision(metrics);
        for (String name : MODELS.keySet()) {
            for (int w = 0; w < WINDOWS; w++) {
                long events = expectedEvents.get(name).get(w);
                assertThat((long) value(name, w, "served", "events").getValue()).as("served/events of window %d of %s", w, name)
                        .isEqualTo(events);
                assertThat(value(name, w, "prediction_drift", "positive_rate").getSampleSize())
                        .as("events in served window %d of %s", w, name).isEqualTo(events);
                assertThat(value(name, w, "performance", "label_coverage").getSampleSize())
                        .as("predictions in performance window %d of %s", w, name).isEqualTo(events);
                assertThat((long) value(name, w, "performance", "labeled_pairs").getValue())
                        .as("labeled pairs in performance window %d of %s", w, name).isEqualTo(expectedPairs.get(name).get(w));
            }
        }
    }

    @Test
    void eitherInstanceAnswersTheQueriesWithTheSameData(@TempDir Path stateDir) throws Exception {
        // Closed here, not after all tests: its state dir is this test's and is deleted when the test ends.
        try (DriftApp joiner = DriftApp.start(config(stateDir, 0))) {
            awaitRunning(joiner);
            String model = "fraud@1";
            LOG.info("Instance B on port {}, C on port {}; the metrics of {} are on {}", survivor.httpPort(), joiner.httpPort(),
                    model, joiner.streams().queryMetadataForKey(LatestMetricsProcessor.STORE, model,
                            Serdes.String().serializer()).activeHost());
            JsonNode fromSurvivor = awaitOk(survivor, "/metrics/latest?model=" + model);
            JsonNode fromJoiner = awaitOk(joiner, "/metrics/latest?model=" + model);
            assertThat(fromJoiner).isEqualTo(fromSurvivor);
            assertThat(fromSurvivor.get("model").asText()).isEqualTo(model);
            JsonNode psi = find(fromSurvivor.get("metrics"), m -> m.get("metric").asText().equals("psi")
                    && m.get("feature").asText().equals("amount"));
            assertThat(psi.get("value").asDouble()).as("PSI of amount under the skew bug").isGreaterThan(0.25);
            assertThat(Instant.parse(psi.get("window_start").asText())).isEqualTo(Instant.ofEpochMilli(windowStart(WINDOWS - 1)));

            JsonNode alertsSurvivor = awaitOk(survivor, "/alerts/open");
            JsonNode alertsJoiner = awaitOk(joiner, "/alerts/open");
            assertThat(alertsJoiner).isEqualTo(alertsSurvivor);
            JsonNode skew = find(alertsSurvivor.get("alerts"), a -> a.get("metric").asText().equals("out_of_range_share"));
            assertThat(skew.get("model").asText()).isEqualTo(model);
            assertThat(skew.get("feature").asText()).isEqualTo("amount");
            assertThat(skew.get("severity").asText()).isEqualTo("CRITICAL");
            assertThat(skew.get("message").asText()).contains("amount").contains(model);
            // The same alerts as the alerts topic says are open: FIRING with no RESOLVED after it.
            assertThat(ids(alertsSurvivor.get("alerts"))).containsExactlyInAnyOrderElementsOf(openAlertIds());

            assertThat(get(joiner, "/metrics/latest?model=nobody@1").statusCode()).isEqualTo(404);
            assertThat(get(joiner, "/metrics/latest").statusCode()).isEqualTo(400);
        }
    }

    private List<String> openAlertIds() {
        Map<String, Alert> last = new HashMap<>();
        try (Tail<Alert> alerts = new Tail<>(stack, topics.alerts())) {
            alerts.read().forEach(r -> last.put(r.value().getAlertId(), r.value()));
        }
        return last.values().stream().filter(a -> a.getState() == AlertState.FIRING).map(Alert::getAlertId).toList();
    }

    private static List<String> ids(JsonNode alerts) {
        List<String> ids = new ArrayList<>();
        alerts.forEach(a -> ids.add(a.get("alert_id").asText()));
        return ids;
    }

    private MonitorMetric value(String model, int window, String kind, String metric) {
        return metrics.stream().filter(m -> !m.getProvisional() && m.getModelName().equals(model) && m.getKind().equals(kind)
                        && m.getMetric().equals(metric) && windowOf(m.getWindowStart().toEpochMilli()) == window)
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + "/" + metric + " for window " + window
                        + " of " + model));
    }

    private List<String> args(Path stateDir) {
        List<String> args = new ArrayList<>(appArgs);
        args.addAll(List.of("--state-dir", stateDir.toString()));
        return args;
    }

    private DriftConfig config(Path stateDir, int httpPort) {
        List<String> args = args(stateDir);
        args.addAll(List.of("--http-port", Integer.toString(httpPort)));
        return DriftConfig.from(args.toArray(String[]::new), Map.of());
    }

    private static void awaitRunning(DriftApp app) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (app.state() != KafkaStreams.State.RUNNING && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(app.state()).isEqualTo(KafkaStreams.State.RUNNING);
    }

    /** GET until 200 (a store being moved by a rebalance answers 503 meanwhile). */
    private JsonNode awaitOk(DriftApp app, String path) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        HttpResponse<String> response = get(app, path);
        while (response.statusCode() != 200 && System.nanoTime() < deadline) {
            Thread.sleep(250);
            response = get(app, path);
        }
        assertThat(response.statusCode()).as("%s: %s", path, response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> get(DriftApp app, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.httpPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode find(JsonNode array, Function<JsonNode, Boolean> match) {
        for (JsonNode node : array) {
            if (match.apply(node)) {
                return node;
            }
        }
        throw new AssertionError("nothing matches in " + array);
    }

    private int windowOf(long time) {
        return (int) Math.floorDiv(time - start.toEpochMilli(), WINDOW.toMillis());
    }

    private long windowStart(int window) {
        return start.toEpochMilli() + window * WINDOW.toMillis();
    }
}
