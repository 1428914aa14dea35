package dev.streamscore.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.streamscore.avro.Alert;
import dev.streamscore.avro.AlertState;
import dev.streamscore.avro.ModelEvent;
import dev.streamscore.avro.ModelRole;
import dev.streamscore.avro.ModelUpdate;
import dev.streamscore.avro.Prediction;
import dev.streamscore.avro.Severity;
import dev.streamscore.local.LocalProcess;
import dev.streamscore.local.StreamScoreApp;
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
 * newer Kafka clients than Flink's), the lifecycle app, and the simulator streaming live transactions
 * and their labels in a world the champion no longer fits (its concept drift, from the start).
 * Drift-stream raises a performance alert about the champion and the lifecycle app retrains it; the
 * candidate passes the gate and serves as a shadow. Then either the world stays as it is, and the
 * candidate goes on to challenger and champion and the old champion's alert resolves, or the world
 * changes back during the candidate's trial, and the candidate is rolled back while the champion
 * answers on. Either way every event is answered exactly once, with no dead letter. Short windows
 * (10 s) so that the loop takes minutes.
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
        try (Loop loop = Loop.start(stack, "promote")) {
            Instant start = Instant.now();
            loop.stream(Scenario.CONCEPT_DRIFT, 11);

            // 1. The performance alert about the champion ...
            Alert decay = loop.championAlert();
            LOG.info("Alert after {} s: {}", Duration.between(start, decay.getCreatedTime()).toSeconds(), decay.getMessage());

            // 2. ... retrains it, and the candidate goes from shadow to champion on its live windows.
            List<ModelEvent> ofCandidate = loop.stepsOfCandidate(ModelEvents.PROMOTED_CHAMPION);
            assertThat(ofCandidate).extracting(ModelEvent::getStep).containsExactly(ModelEvents.GATE_PASSED,
                    ModelEvents.PUBLISHED_SHADOW, ModelEvents.PROMOTED_CHALLENGER, ModelEvents.PROMOTED_CHAMPION);
            assertThat(ofCandidate.get(0).getTrigger()).isEqualTo("alert:" + decay.getAlertId());
            ModelEvent champion = ofCandidate.get(3);
            assertThat(champion.getFigures().get("candidate_live_auc"))
                    .as("the candidate's live AUC is above the champion's").isGreaterThan(champion.getFigures()
                            .get("champion_live_auc"));
            LOG.info("Promoted to champion {} s after the alert: {}",
                    Duration.between(decay.getCreatedTime(), champion.getTime()).toSeconds(), champion.getFigures());
            assertThat(loop.world.read(loop.world.updates, ModelUpdate.class)).extracting(ModelUpdate::getRole,
                    ModelUpdate::getModelVersion, ModelUpdate::getRetired).containsSubsequence(
                            tuple(ModelRole.SHADOW, "2", false), tuple(ModelRole.CHALLENGER, "2", false),
                            tuple(ModelRole.CHAMPION, "2", false));

            // 3. The retrained version answers as champion, and the old champion's alert resolves.
            await(() -> loop.world.read(loop.predictions, Prediction.class), all -> all.stream().anyMatch(p ->
                    p.getModelVersion().equals("2") && p.getRole() == ModelRole.CHAMPION), "fraud@2 answering as champion");
            Alert resolved = await(() -> loop.world.read(loop.world.alerts, Alert.class), all -> all.stream().anyMatch(a ->
                    a.getAlertId().equals(decay.getAlertId()) && a.getState() == AlertState.RESOLVED),
                    "the alert about fraud@1 resolved").stream().filter(a -> a.getAlertId().equals(decay.getAlertId())
                            && a.getState() == AlertState.RESOLVED).findFirst().orElseThrow();
            assertThat(resolved.getMessage()).contains("no longer scores events");

            // 4. Every event was answered exactly once, by whichever version served it, and none was lost.
            Map<String, List<Prediction>> answered = loop.everyEventAnsweredOnce();
            LOG.info("Answered: {} events, {} by fraud@2", answered.size(), answered.values().stream()
                    .filter(p -> p.get(0).getModelVersion().equals("2")).count());
        }
    }

    @Test
    void aCandidateThatDoesWorseLiveAfterTheWorldChangesBackIsRolledBackAndTheChampionAnswersEveryEvent(
            TestStack stack) throws Exception {
        try (Loop loop = Loop.start(stack, "rollback")) {
            loop.stream(Scenario.CONCEPT_DRIFT, 21);
            loop.championAlert();
            loop.stepsOfCandidate(ModelEvents.PUBLISHED_SHADOW);

            // The world the champion was trained for comes back while the candidate is a shadow.
            loop.stream(Scenario.STATIONARY, 22);
            List<ModelEvent> ofCandidate = loop.stepsOfCandidate(ModelEvents.ROLLED_BACK);
            assertThat(ofCandidate).extracting(ModelEvent::getStep).containsExactly(ModelEvents.GATE_PASSED,
                    ModelEvents.PUBLISHED_SHADOW, ModelEvents.ROLLED_BACK);
            ModelEvent rolledBack = ofCandidate.get(2);
            assertThat(rolledBack.getRole()).isEqualTo(ModelRole.SHADOW);
            assertThat(rolledBack.getReasons()).singleElement().asString().contains("fraud@2");
            LOG.info("Rolled back: {} {}", rolledBack.getReasons(), rolledBack.getFigures());
            assertThat(loop.world.read(loop.world.updates, ModelUpdate.class)).extracting(ModelUpdate::getRole,
                    ModelUpdate::getModelVersion, ModelUpdate::getRetired).containsExactly(
                            tuple(ModelRole.CHAMPION, "1", false), tuple(ModelRole.SHADOW, "2", false),
                            tuple(ModelRole.SHADOW, "2", true));
            assertThat(await(() -> loop.world.read(loop.world.alerts, Alert.class), all -> all.stream()
                    .anyMatch(a -> a.getKind().equals("lifecycle")), "the rollback's notice").stream()
                    .filter(a -> a.getKind().equals("lifecycle"))).singleElement().satisfies(a -> {
                        assertThat(a.getRule()).isEqualTo(ModelEvents.ROLLED_BACK);
                        assertThat(a.getSeverity()).isEqualTo(Severity.WARNING);
                    });

            Map<String, List<Prediction>> answered = loop.everyEventAnsweredOnce();
            assertThat(answered.values()).as("the champion answered every event")
                    .allSatisfy(p -> assertThat(p.get(0).getModelVersion()).isEqualTo("1"));
        }
    }

    /** One model's stack for a test: its topics, the scoring job, drift-stream, the lifecycle app and the streams. */
    private static final class Loop implements AutoCloseable {
        final LoopFixture world;
        final TestStack stack;
        final String events;
        final String predictions;
        final String deadLetters;
        final String labels;
        final JobClient job;
        final List<LiveStreamStats> sent = new ArrayList<>();
        LocalProcess drift;
        LifecycleApp lifecycle;
        LiveStreamProducer producer;

        private Loop(TestStack stack, String name) throws Exception {
            this.stack = stack;
            world = new LoopFixture(stack, dir, name);
            events = stack.createTopic(name + "-feature-events", 2);
            predictions = stack.createTopic(name + "-predictions", 2);
            deadLetters = stack.createTopic(name + "-feature-events-dlq", 1);
            labels = stack.createTopic(name + "-labels", 2);
            world.publishChampion();
            job = ScoringJob.start(ScoringConfig.from(new String[] {
                "--bootstrap-servers", stack.bootstrapServers(), "--registry-url", stack.registryUrl(),
                "--input-topic", events, "--predictions-topic", predictions, "--dead-letter-topic", deadLetters,
                "--model-updates-topic", world.updates, "--alerts-topic", stack.createTopic(name + "-scoring-alerts", 1),
                "--group-id", stack.topic(name + "-scoring"), "--parallelism", "1", "--checkpoint-interval-ms", "2000"},
                    Map.of()));
        }

        static Loop start(TestStack stack, String name) throws Exception {
            Loop loop = new Loop(stack, name);
            try {
                loop.drift = LocalProcess.start(name + "-drift", dir.resolve(name + "-drift"), dir.resolve("logs"),
                        StreamScoreApp.DRIFT.classpath(), List.of("-Xmx384m",
                                "-Dlog4j2.configurationFile=" + Path.of("target/test-classes/log4j2-test.properties")
                                        .toAbsolutePath()),
                        StreamScoreApp.DRIFT.mainClass(), List.of(
                                "--application-id", stack.topic(name + "-drift"), "--bootstrap-servers",
                                stack.bootstrapServers(), "--registry-url", stack.registryUrl(),
                                "--state-dir", dir.resolve(name + "-drift-state").toString(),
                                "--predictions-topic", loop.predictions, "--labels-topic", loop.labels,
                                "--model-baselines-topic", loop.world.baselines,
                                "--labeled-predictions-topic", loop.world.labeled,
                                "--drift-metrics-topic", loop.world.metrics, "--alerts-topic", loop.world.alerts,
                                "--dlq-topic", stack.createTopic(name + "-drift-dlq", 1), "--window-size", "10s",
                                "--max-label-delay", "30s", "--http-port", "-1", "--alert-idle-resolve", "30s",
                                "--kafka.commit.interval.ms", "100"));
                List<String> args = new ArrayList<>(loop.world.flags());
                args.addAll(List.of("--alerts-topic", loop.world.alerts, "--drift-metrics-topic", loop.world.metrics,
                        "--group-id", stack.topic(name + "-lifecycle"), "--live-windows", "2", "--cooldown", "30s",
                        "--max-examples", "6000"));
                loop.lifecycle = LifecycleApp.create(LifecycleSettings.from(args.toArray(String[]::new), Map.of()));
                new Thread(loop.lifecycle, name + "-lifecycle").start();
                assertThat(loop.lifecycle.awaitReady(Duration.ofMinutes(2))).as("the lifecycle app reads alerts").isTrue();
                return loop;
            } catch (Exception | AssertionError e) {
                loop.close();
                throw e;
            }
        }

        /** Streams {@code scenario} live from now on, in place of the stream before (which is stopped). */
        void stream(Scenario scenario, long seed) {
            stopStream();
            producer = new LiveStreamProducer(SimulatorConfig.defaults().withSeed(seed).withEventsPerSecond(RATE)
                    .withStartTime(Instant.now()).withSchedule(ScenarioSchedule.of(scenario))
                    .withLabelDelayMedian(Duration.ofSeconds(2)),
                    LiveStreamConfig.defaults().withRegistryUrl(stack.registryUrl()).withTopics(events, labels)
                            .withMaxDuration(TIMEOUT), stack.kafkaProperties());
            Thread producing = new Thread(producer::run, "loop-producer");
            producing.setDaemon(true);
            producing.start();
        }

        private void stopStream() {
            if (producer != null) {
                producer.close();
                sent.add(producer.stats());
                producer = null;
            }
        }

        Alert championAlert() throws InterruptedException {
            return await(() -> world.read(world.alerts, Alert.class), all -> all.stream().anyMatch(Loop::championAucFiring),
                    "a FIRING auc alert about fraud@1").stream().filter(Loop::championAucFiring).findFirst().orElseThrow();
        }

        private static boolean championAucFiring(Alert a) {
            return a.getModelVersion().equals("1") && a.getKind().equals("performance") && a.getMetric().equals("auc")
                    && a.getState() == AlertState.FIRING;
        }

        /** The steps of the first candidate (version 2) once it has taken {@code step}. */
        List<ModelEvent> stepsOfCandidate(String step) throws InterruptedException {
            return await(() -> world.read(world.events, ModelEvent.class).stream()
                    .filter(e -> e.getCandidateVersion().equals("2")).toList(),
                    all -> all.stream().anyMatch(e -> e.getStep().equals(step) || e.getStep().equals(ModelEvents.GATE_FAILED)
                            || e.getStep().equals(ModelEvents.ROLLED_BACK)), "fraud@2 " + step);
        }

        /** Stops the stream; waits until every event sent was answered, and checks each was answered once. */
        Map<String, List<Prediction>> everyEventAnsweredOnce() throws InterruptedException {
            stopStream();
            long total = sent.stream().mapToLong(LiveStreamStats::eventsSent).sum();
            assertThat(sent).allSatisfy(s -> assertThat(s.sendErrors()).isZero());
            Map<String, List<Prediction>> answered = new HashMap<>();
            await(() -> {
                answered.clear();
                world.read(predictions, Prediction.class).stream().filter(p -> p.getRole() != ModelRole.SHADOW)
                        .forEach(p -> answered.computeIfAbsent(p.getEventId(), id -> new ArrayList<>()).add(p));
                return List.copyOf(answered.keySet());
            }, ids -> ids.size() >= total, total + " events answered");
            assertThat(answered).hasSize((int) total);
            assertThat(answered.values()).as("no event answered twice").allSatisfy(p -> assertThat(p).hasSize(1));
            assertThat(world.count(deadLetters)).as("dead letters").isZero();
            return answered;
        }

        @Override
        public void close() throws Exception {
            stopStream();
            if (lifecycle != null) {
                lifecycle.close();
            }
            if (drift != null) {
                drift.close();
            }
            job.cancel().get();
        }
    }

    private static <T> List<T> await(Supplier<List<T>> read, Predicate<List<T>> done, String what)
            throws InterruptedException {
        return Await.until(read, done, what, TIMEOUT, Duration.ofSeconds(1));
    }
}
