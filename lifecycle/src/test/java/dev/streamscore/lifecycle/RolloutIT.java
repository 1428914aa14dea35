package dev.streamscore.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import dev.streamscore.avro.Alert;
import dev.streamscore.avro.LabeledPrediction;
import dev.streamscore.avro.ModelEvent;
import dev.streamscore.avro.ModelRole;
import dev.streamscore.avro.ModelUpdate;
import dev.streamscore.avro.MonitorMetric;
import dev.streamscore.avro.Severity;
import dev.streamscore.local.LocalProcess;
import dev.streamscore.local.StreamScoreApp;
import dev.streamscore.local.testing.LocalStackExtension;
import dev.streamscore.local.testing.TestStack;
import dev.streamscore.simulator.Scenario;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rollout of {@code streamscore lifecycle}, as its own process against a real broker and
 * registry: a candidate retrained and published as a shadow by {@code streamscore retrain} is
 * judged on the per-version performance windows of {@code drift-metrics} (written here as
 * drift-stream writes them: one record per window and version, keyed model@version, timestamped at
 * the window's end), promoted to challenger and then to champion, or rolled back; every step on
 * {@code model-events}, in {@code model-updates} and on {@code alerts}. The app is killed with
 * SIGKILL during the canary and resumes the same step from {@code model-events}, judging it on the
 * windows it had read before it died.
 */
@ExtendWith(LocalStackExtension.class)
class RolloutIT {
    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final Duration WINDOW = Duration.ofMinutes(1);

    @TempDir
    static Path dir;

    @Test
    void aCandidateNoWorseLiveIsPromotedToChampionAndAKilledAppResumesTheCanary(TestStack stack) throws Exception {
        LoopFixture world = new LoopFixture(stack, dir, "promote");
        ModelEvent shadow = retrainedShadow(world);
        ModelEvent challenger;
        try (LocalProcess app = startApp(world, "lifecycle-1")) {
            world.produce(world.metrics, windows(shadow.getTime(), 0, 2, 0.80, 0.84), RolloutIT::key);
            challenger = awaitStep(world, ModelEvents.PROMOTED_CHALLENGER);
            assertThat(challenger.getRole()).isEqualTo(ModelRole.CHALLENGER);
            assertThat(challenger.getFigures().get("candidate_live_auc")).isCloseTo(0.84, within(1e-9));
            assertThat(challenger.getFigures().get("champion_live_auc")).isCloseTo(0.80, within(1e-9));
            assertThat(challenger.getFigures()).containsEntry("live_windows", 2.0);
            List<ModelUpdate> updates = awaitUpdates(world, 4);
            assertThat(updates.subList(1, 4)).extracting(ModelUpdate::getRole, ModelUpdate::getModelVersion,
                    ModelUpdate::getRetired, ModelUpdate::getTrafficShare).containsExactly(
                            tuple(ModelRole.SHADOW, "2", false, 1.0),
                            tuple(ModelRole.SHADOW, "2", true, 1.0),
                            tuple(ModelRole.CHALLENGER, "2", false, 0.25));

            // The canary's first window, read by this app; then it dies without a word.
            world.produce(world.metrics, windows(challenger.getTime(), 0, 1, 0.80, 0.83), RolloutIT::key);
            Thread.sleep(3_000);
            app.kill();
        }
        assertThat(world.read(world.events, ModelEvent.class)).extracting(ModelEvent::getStep).as("not judged yet")
                .endsWith(ModelEvents.PROMOTED_CHALLENGER);

        try (LocalProcess app = startApp(world, "lifecycle-2")) {
            world.produce(world.metrics, windows(challenger.getTime(), 1, 1, 0.80, 0.85), RolloutIT::key);
            ModelEvent champion = awaitStep(world, ModelEvents.PROMOTED_CHAMPION);
            assertThat(champion.getFigures()).as("judged on both canary windows, one read before the kill")
                    .containsEntry("live_windows", 2.0);
            assertThat(champion.getFigures().get("candidate_live_auc")).isCloseTo(0.84, within(1e-9));
            assertThat(world.read(world.events, ModelEvent.class)).extracting(ModelEvent::getStep).as("no step repeated")
                    .containsExactly(ModelEvents.GATE_PASSED, ModelEvents.PUBLISHED_SHADOW,
                            ModelEvents.PROMOTED_CHALLENGER, ModelEvents.PROMOTED_CHAMPION);
            assertThat(awaitUpdates(world, 6)).extracting(ModelUpdate::getRole, ModelUpdate::getModelVersion,
                    ModelUpdate::getRetired).containsExactly(
                            tuple(ModelRole.CHAMPION, "1", false),
                            tuple(ModelRole.SHADOW, "2", false),
                            tuple(ModelRole.SHADOW, "2", true),
                            tuple(ModelRole.CHALLENGER, "2", false),
                            tuple(ModelRole.CHAMPION, "2", false),
                            tuple(ModelRole.CHALLENGER, "2", true));
            List<Alert> notices = awaitAlerts(world, 2);
            assertThat(notices).extracting(Alert::getRule, Alert::getSeverity, Alert::getKind, Alert::getModelVersion)
                    .containsExactly(
                            tuple(ModelEvents.PROMOTED_CHALLENGER, Severity.INFO, "lifecycle", "2"),
                            tuple(ModelEvents.PROMOTED_CHAMPION, Severity.INFO, "lifecycle", "2"));
        }
    }

    @Test
    void aCandidateWorseLiveIsRolledBackAndTheChampionKeepsServing(TestStack stack) throws Exception {
        LoopFixture world = new LoopFixture(stack, dir, "rollback");
        ModelEvent shadow = retrainedShadow(world);
        try (LocalProcess app = startApp(world, "lifecycle-3")) {
            world.produce(world.metrics, windows(shadow.getTime(), 0, 2, 0.85, 0.81), RolloutIT::key);
            ModelEvent rolledBack = awaitStep(world, ModelEvents.ROLLED_BACK);
            assertThat(rolledBack.getRole()).isEqualTo(ModelRole.SHADOW);
            assertThat(rolledBack.getReasons()).singleElement().asString()
                    .contains("0.8100", "max-live-auc-drop 0.0200", "0.8500");
            assertThat(awaitUpdates(world, 3)).extracting(ModelUpdate::getRole, ModelUpdate::getModelVersion,
                    ModelUpdate::getRetired).containsExactly(
                            tuple(ModelRole.CHAMPION, "1", false),
                            tuple(ModelRole.SHADOW, "2", false),
                            tuple(ModelRole.SHADOW, "2", true));
            assertThat(awaitAlerts(world, 1)).singleElement().satisfies(a -> {
                assertThat(a.getSeverity()).isEqualTo(Severity.WARNING);
                assertThat(a.getRule()).isEqualTo(ModelEvents.ROLLED_BACK);
                assertThat(a.getValue()).isCloseTo(0.81, within(1e-9));
            });

            // More windows after the rollback change nothing.
            world.produce(world.metrics, windows(shadow.getTime(), 2, 2, 0.85, 0.95), RolloutIT::key);
            Thread.sleep(3_000);
            assertThat(world.read(world.events, ModelEvent.class)).extracting(ModelEvent::getStep)
                    .containsExactly(ModelEvents.GATE_PASSED, ModelEvents.PUBLISHED_SHADOW, ModelEvents.ROLLED_BACK);
        }
    }

    /** The champion published, its concept-drifted labeled pairs, and a candidate retrained on them, now a shadow. */
    private static ModelEvent retrainedShadow(LoopFixture world) {
        world.publishChampion();
        world.produce(world.labeled, world.pairs(Scenario.CONCEPT_DRIFT, false), LabeledPrediction::getEventId);
        List<String> args = new ArrayList<>(world.flags());
        args.addAll(List.of("--model", world.model()));
        Retrainer.Outcome outcome = Retrainer.run(RetrainSettings.from(args.toArray(String[]::new), Map.of()));
        assertThat(outcome.published()).as("the gate passed: %s", outcome.report().reasons()).isTrue();
        ModelEvent shadow = outcome.events().get(outcome.events().size() - 1);
        assertThat(shadow.getStep()).isEqualTo(ModelEvents.PUBLISHED_SHADOW);
        assertThat(shadow.getRole()).isEqualTo(ModelRole.SHADOW);
        return shadow;
    }

    private static LocalProcess startApp(LoopFixture world, String name) {
        List<String> args = new ArrayList<>(world.flags());
        args.addAll(List.of("--alerts-topic", world.alerts, "--group-id", world.alerts + "-" + name,
                "--drift-metrics-topic", world.metrics, "--live-windows", "2"));
        return LocalProcess.start(name, dir.resolve(name), dir.resolve("logs"),
                StreamScoreApp.LIFECYCLE.classpath(), List.of("-Xmx256m",
                        "-Dlog4j2.configurationFile=" + Path.of("target/test-classes/log4j2-test.properties").toAbsolutePath()),
                StreamScoreApp.LIFECYCLE.mainClass(), args);
    }

    /**
     * Whole-traffic AUC of {@code count} one-minute windows from window {@code first} after {@code since}:
     * the champion's and the candidate's, each from 10,000 labeled pairs of which 10 % positive (so
     * that a difference of 0.04 is beyond the noise of two windows).
     */
    private static List<MonitorMetric> windows(Instant since, int first, int count, double champion, double candidate) {
        List<MonitorMetric> out = new ArrayList<>();
        for (int w = first; w < first + count; w++) {
            Instant start = since.plus(WINDOW.multipliedBy(w));
            out.addAll(PerformanceWindows.of("1", start, WINDOW, champion, 10_000, 0.1));
            out.addAll(PerformanceWindows.of("2", start, WINDOW, candidate, 10_000, 0.1));
        }
        return out;
    }

    private static String key(MonitorMetric m) {
        return m.getModelName() + "@" + m.getModelVersion();
    }

    private static ModelEvent awaitStep(LoopFixture world, String step) throws InterruptedException {
        List<ModelEvent> events = await(() -> world.read(world.events, ModelEvent.class),
                all -> all.stream().anyMatch(e -> e.getStep().equals(step)), "model-events with " + step);
        return events.stream().filter(e -> e.getStep().equals(step)).findFirst().orElseThrow();
    }

    private static List<ModelUpdate> awaitUpdates(LoopFixture world, int count) throws InterruptedException {
        return await(() -> world.read(world.updates, ModelUpdate.class), all -> all.size() >= count,
                count + " model updates");
    }

    private static List<Alert> awaitAlerts(LoopFixture world, int count) throws InterruptedException {
        return await(() -> world.read(world.alerts, Alert.class), all -> all.size() >= count, count + " alerts");
    }

    private static <T> List<T> await(java.util.function.Supplier<List<T>> read, Predicate<List<T>> done, String what)
            throws InterruptedException {
        return Await.until(read, done, what, TIMEOUT, Duration.ofMillis(500));
    }
}
