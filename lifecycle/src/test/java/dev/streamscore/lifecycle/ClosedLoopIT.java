package dev.streamscore.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.streamscore.avro.Alert;
import dev.streamscore.avro.AlertState;
import dev.streamscore.avro.ModelEvent;
import dev.streamscore.avro.ModelRole;
import dev.streamscore.avro.ModelUpdate;
import dev.streamscore.avro.Prediction;
import dev.streamscore.local.AppClasspath;
import dev.streamscore.local.LocalProcess;
import dev.streamscore.local.testing.LocalStackExtension;
import dev.streamscore.local.testing.TestStack;
import dev.streamscore.scoring.ScoringConfig;
import dev.streamscore.scoring.ScoringJob;
import dev.streamscore.simulator.Scenario;
import dev.streamscore.simulator.ScenarioSchedule;
import dev.streamscore.simulator.SimulatorConfig;
import dev.streamscore.simulator.live.LiveStreamConfig;
import dev.streamscore.simulator.live.LiveStreamProducer;
import dev.streamscore.simulator.live.LiveStreamStats;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The closed loop on the whole stack, every part real: a broker and a registry, the scoring job
 * (Flink MiniCluster) serving the champion, drift-stream monitoring it (in a JVM of its own: it needs
 * newer Kafka clients than Flink's), the lifecycle app, and the
 * simulator streaming live transactions and their labels in a world the champion no longer fits
 * (its concept drift, from the start). Drift-stream raises a performance alert about the champion;
 * the lifecycle app retrains it on the labeled stream, the candidate passes the gate, serves as a
 * shadow, then as challenger, then is promoted to champion on its live windows; the old champion,
 * no longer scoring, has its alert resolved; and every event was answered exactly once, by one
 * version or the other, with no dead letter. Short windows (10 s) so that the loop takes minutes.
 */
@ExtendWith(LocalStackExtension.class)
class ClosedLoopIT {
    private static final Logger LOG = LoggerFactory.getLogger(ClosedLoopIT.class);
    /** A liveness bound, not a speed claim: the loop takes 2-4 minutes here. */
    private static final Duration TIMEOUT = Duration.ofMinutes(8);
    private static final double RATE = 150;

    @TempDir
    static Path dir;

    @Test
    void conceptDriftIsAlertedRetrainedRolledOutAndTheOldChampionsAlertResolves(TestStack stack) throws Exception {
        LoopFixture world = new LoopFixture(stack, dir, "loop");
        String events = stack.createTopic("loop-feature-events", 2);
        String predictions = stack.createTopic("loop-predictions", 2);
        String deadLetters = stack.createTopic("loop-feature-events-dlq", 1);
        String scoringAlerts = stack.createTopic("loop-scoring-alerts", 1);
        String labels = stack.createTopic("loop-labels", 2);
        String driftDeadLetters = stack.createTopic("loop-drift-dlq", 1);
        world.publishChampion();

        JobClient job = ScoringJob.start(ScoringConfig.from(new String[] {
            "--bootstrap-servers", stack.bootstrapServers(), "--registry-url", stack.registryUrl(),
            "--input-topic", events, "--predictions-topic", predictions, "--dead-letter-topic", deadLetters,
            "--model-updates-topic", world.updates, "--alerts-topic", scoringAlerts, "--group-id", stack.topic("scoring"),
            "--parallelism", "1", "--checkpoint-interval-ms", "2000"}, Map.of()));
        LocalProcess drift = null;
        LifecycleApp lifecycle = null;
        LiveStreamProducer producer = null;
        try {
            drift = LocalProcess.start("drift", dir.resolve("drift"), dir.resolve("logs"),
                    AppClasspath.of("/dev/streamscore/drift/runtime.classpath"), List.of("-Xmx384m",
                            "-Dlog4j2.configurationFile=" + Path.of("target/test-classes/log4j2-test.properties")
                                    .toAbsolutePath()),
                    "dev.streamscore.drift.DriftApp", List.of(
                            "--application-id", stack.topic("drift"), "--bootstrap-servers", stack.bootstrapServers(),
                            "--registry-url", stack.registryUrl(), "--state-dir", dir.resolve("drift-state").toString(),
                            "--predictions-topic", predictions, "--labels-topic", labels,
                            "--model-baselines-topic", world.baselines, "--labeled-predictions-topic", world.labeled,
                            "--drift-metrics-topic", world.metrics, "--alerts-topic", world.alerts,
                            "--dlq-topic", driftDeadLetters, "--window-size", "10s", "--max-label-delay", "30s",
                            "--http-port", "-1", "--alert-idle-resolve", "30s", "--kafka.commit.interval.ms", "100"));

            List<String> args = new ArrayList<>(world.flags());
            args.addAll(List.of("--alerts-topic", world.alerts, "--drift-metrics-topic", world.metrics,
                    "--group-id", stack.topic("lifecycle"), "--live-windows", "2", "--cooldown", "30s",
                    "--max-examples", "6000"));
            lifecycle = LifecycleApp.create(LifecycleSettings.from(args.toArray(String[]::new), Map.of()));
            Thread loop = new Thread(lifecycle, "lifecycle");
            loop.start();
            assertThat(lifecycle.awaitReady(Duration.ofMinutes(2))).as("the lifecycle app reads alerts").isTrue();

            Instant start = Instant.now();
            producer = new LiveStreamProducer(SimulatorConfig.defaults().withSeed(11).withEventsPerSecond(RATE)
                    .withStartTime(start).withSchedule(ScenarioSchedule.of(Scenario.CONCEPT_DRIFT))
                    .withLabelDelayMedian(Duration.ofSeconds(2)),
                    LiveStreamConfig.defaults().withRegistryUrl(stack.registryUrl()).withTopics(events, labels)
                            .withMaxDuration(TIMEOUT), stack.kafkaProperties());
            LiveStreamProducer running = producer;
            Thread producing = new Thread(running::run, "loop-producer");
            producing.setDaemon(true);
            producing.start();

            // 1. The performance alert about the champion ...
            Alert decay = await(() -> world.read(world.alerts, Alert.class), all -> all.stream()
                    .anyMatch(ClosedLoopIT::championAucFiring), "a FIRING auc alert about fraud@1").stream()
                    .filter(ClosedLoopIT::championAucFiring).findFirst().orElseThrow();
            LOG.info("Alert after {} s: {}", Duration.between(start, decay.getCreatedTime()).toSeconds(), decay.getMessage());

            // 2. ... retrains it, and the candidate goes from shadow to champion on its live windows.
            List<ModelEvent> steps = await(() -> world.read(world.events, ModelEvent.class),
                    all -> all.stream().anyMatch(e -> e.getStep().equals(ModelEvents.PROMOTED_CHAMPION)
                            || e.getStep().equals(ModelEvents.ROLLED_BACK) || e.getStep().equals(ModelEvents.GATE_FAILED)),
                    "the first retrained candidate promoted to champion");
            List<ModelEvent> ofCandidate = steps.stream().filter(e -> e.getCandidateVersion().equals("2")).toList();
            assertThat(ofCandidate).extracting(ModelEvent::getStep).containsExactly(ModelEvents.GATE_PASSED,
                    ModelEvents.PUBLISHED_SHADOW, ModelEvents.PROMOTED_CHALLENGER, ModelEvents.PROMOTED_CHAMPION);
            assertThat(ofCandidate.get(0).getTrigger()).isEqualTo("alert:" + decay.getAlertId());
            ModelEvent champion = ofCandidate.get(3);
            assertThat(champion.getFigures().get("candidate_live_auc"))
                    .as("the candidate's live AUC is above the champion's").isGreaterThan(champion.getFigures()
                            .get("champion_live_auc"));
            LOG.info("Promoted to champion {} s after the alert: {}",
                    Duration.between(decay.getCreatedTime(), champion.getTime()).toSeconds(), champion.getFigures());
            assertThat(world.read(world.updates, ModelUpdate.class)).extracting(ModelUpdate::getRole,
                    ModelUpdate::getModelVersion, ModelUpdate::getRetired).containsSubsequence(
                            tuple(ModelRole.SHADOW, "2", false),
                            tuple(ModelRole.CHALLENGER, "2", false),
                            tuple(ModelRole.CHAMPION, "2", false));

            // 3. The retrained version answers as champion, and the old champion's alert resolves.
            await(() -> world.read(predictions, Prediction.class), all -> all.stream().anyMatch(p ->
                    p.getModelVersion().equals("2") && p.getRole() == ModelRole.CHAMPION), "fraud@2 answering as champion");
            Alert resolved = await(() -> world.read(world.alerts, Alert.class), all -> all.stream().anyMatch(a ->
                    a.getAlertId().equals(decay.getAlertId()) && a.getState() == AlertState.RESOLVED),
                    "the alert about fraud@1 resolved").stream().filter(a -> a.getAlertId().equals(decay.getAlertId())
                            && a.getState() == AlertState.RESOLVED).findFirst().orElseThrow();
            assertThat(resolved.getMessage()).contains("no longer scores events");

            // 4. Every event was answered exactly once, by whichever version served it, and none was lost.
            producer.close();
            LiveStreamStats sent = producer.stats();
            producer = null;
            assertThat(sent.sendErrors()).isZero();
            Map<String, Integer> answered = new HashMap<>();
            await(() -> {
                answered.clear();
                world.read(predictions, Prediction.class).stream().filter(p -> p.getRole() != ModelRole.SHADOW)
                        .forEach(p -> answered.merge(p.getEventId(), 1, Integer::sum));
                return List.copyOf(answered.keySet());
            }, ids -> ids.size() >= sent.eventsSent(), sent.eventsSent() + " events answered");
            assertThat(answered).hasSize((int) sent.eventsSent());
            assertThat(answered.values()).as("no event answered twice").allMatch(n -> n == 1);
            assertThat(world.count(deadLetters)).as("dead letters").isZero();
            LOG.info("Answered: {} events in {} s, {} by fraud@2", sent.eventsSent(), sent.elapsed().toSeconds(),
                    world.read(predictions, Prediction.class).stream().filter(p -> p.getModelVersion().equals("2")
                            && p.getRole() != ModelRole.SHADOW).count());
        } finally {
            if (producer != null) {
                producer.close();
            }
            if (lifecycle != null) {
                lifecycle.close();
            }
            if (drift != null) {
                drift.close();
            }
            job.cancel().get();
        }
    }

    private static boolean championAucFiring(Alert a) {
        return a.getModelVersion().equals("1") && a.getKind().equals("performance") && a.getMetric().equals("auc")
                && a.getState() == AlertState.FIRING;
    }

    private static <T> List<T> await(Supplier<List<T>> read, Predicate<List<T>> done, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        List<T> last = List.of();
        while (System.nanoTime() < deadline) {
            last = read.get();
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(1_000);
        }
        throw new AssertionError("No " + what + " after " + TIMEOUT.toSeconds() + " s; last read: "
                + (last.size() > 20 ? last.size() + " records" : last));
    }
}
