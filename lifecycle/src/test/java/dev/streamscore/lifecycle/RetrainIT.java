package dev.streamscore.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamscore.avro.LabeledPrediction;
import dev.streamscore.avro.ModelBaseline;
import dev.streamscore.avro.ModelEvent;
import dev.streamscore.avro.ModelRole;
import dev.streamscore.avro.ModelUpdate;
import dev.streamscore.local.testing.LocalStackExtension;
import dev.streamscore.local.testing.TestStack;
import dev.streamscore.model.bundle.ModelBundle;
import dev.streamscore.model.features.FeatureSpec;
import dev.streamscore.simulator.Scenario;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code streamscore retrain} against a real Kafka broker and schema registry (see {@link
 * LoopFixture}): on labeled pairs of a world the champion no longer fits (the simulator's concept
 * drift) the candidate must pass the gate and be published as a shadow; one retrained on shuffled
 * labels must fail it and never be published. Each step must be on {@code model-events}.
 */
@ExtendWith(LocalStackExtension.class)
class RetrainIT {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RetrainIT.class);
    @TempDir
    static Path dir;

    @Test
    void aChampionThatNoLongerFitsIsRetrainedGatedAndTheCandidatePublishedAsAShadow(TestStack stack) {
        LoopFixture world = new LoopFixture(stack, dir, "drift");
        world.publishChampion();
        world.produce(world.labeled, world.pairs(Scenario.CONCEPT_DRIFT, false), LabeledPrediction::getEventId);

        int status = RetrainMain.run(args(world), Map.of());

        assertThat(status).as("exit status (0: passed)").isZero();
        List<ModelEvent> steps = world.read(world.events, ModelEvent.class);
        assertThat(steps).extracting(ModelEvent::getStep).containsExactly("gate_passed", "published_shadow");
        assertThat(steps).allSatisfy(e -> assertThat(e.getTrigger()).isEqualTo("command"));
        ModelEvent gate = steps.get(0);
        assertThat(gate.getCandidateVersion()).isEqualTo("2");
        assertThat(gate.getChampionVersion()).isEqualTo("1");
        assertThat(gate.getReasons()).isEmpty();
        Map<String, Double> f = gate.getFigures();
        assertThat(f.get("gate_examples")).isEqualTo(LoopFixture.PAIRS * 0.2);
        assertThat(f.get("training_examples")).isEqualTo(LoopFixture.PAIRS * 0.8);
        assertThat(f.get("candidate_auc")).as("the candidate, on the new world").isGreaterThan(f.get("champion_auc") + 0.05);

        ModelUpdate shadow = world.read(world.updates, ModelUpdate.class).stream()
                .filter(u -> u.getRole() == ModelRole.SHADOW).findFirst().orElseThrow();
        assertThat(shadow.getModelVersion()).isEqualTo("2");
        ModelBundle candidate = ModelBundle.load(Path.of(URI.create(shadow.getLocation())));
        assertThat(shadow.getChecksum()).isEqualTo(candidate.checksum());
        assertThat(candidate.card().features()).extracting(FeatureSpec::source)
                .as("the candidate reads live events as the champion does")
                .containsExactlyElementsOf(LoopFixture.champion().card().features().stream().map(FeatureSpec::source).toList());
        assertThat(world.read(world.baselines, ModelBaseline.class)).anyMatch(b -> b.getModelVersion().equals("2"));
    }

    @Test
    void aCandidateTrainedOnShuffledLabelsFailsTheGateAndIsNeverPublished(TestStack stack) {
        LoopFixture world = new LoopFixture(stack, dir, "shuffled");
        world.publishChampion();
        world.produce(world.labeled, world.pairs(Scenario.STATIONARY, true), LabeledPrediction::getEventId);

        int status = RetrainMain.run(args(world), Map.of());

        assertThat(status).as("exit status (2: gate failed)").isEqualTo(2);
        List<ModelEvent> steps = world.read(world.events, ModelEvent.class);
        assertThat(steps).extracting(ModelEvent::getStep).containsExactly("gate_failed");
        assertThat(steps.get(0).getReasons()).anyMatch(r -> r.contains("(min-auc)"));
        assertThat(steps.get(0).getFigures().get("candidate_auc")).isBetween(0.35, 0.6);
        assertThat(world.read(world.updates, ModelUpdate.class)).as("model-updates")
                .extracting(ModelUpdate::getRole).containsExactly(ModelRole.CHAMPION);
    }

    @Test
    void previousTrainingDataIsMixedInAtTheConfiguredShare(TestStack stack) {
        LoopFixture world = new LoopFixture(stack, dir, "previous");
        world.publishChampion();
        world.produce(world.labeled, world.pairs(Scenario.STATIONARY, false), LabeledPrediction::getEventId);
        // The same pairs without and then with the champion's own training data: versions 2 and 3.
        List<String> without = new ArrayList<>(List.of(args(world)));
        without.addAll(List.of("--publish", "false"));
        RetrainMain.run(without.toArray(String[]::new), Map.of());
        List<String> with = new ArrayList<>(without);
        with.addAll(List.of("--previous-data", LoopFixture.championData().toString(), "--previous-share", "0.5"));
        RetrainMain.run(with.toArray(String[]::new), Map.of());

        List<ModelEvent> steps = world.read(world.events, ModelEvent.class);
        assertThat(steps).extracting(ModelEvent::getCandidateVersion).containsExactly("2", "3");
        Map<String, Double> alone = steps.get(0).getFigures();
        Map<String, Double> mixed = steps.get(1).getFigures();
        assertThat(alone.get("previous_examples")).isZero();
        assertThat(mixed.get("training_examples")).isEqualTo(LoopFixture.PAIRS * 0.8);
        assertThat(mixed.get("previous_examples")).as("half of the training set").isEqualTo(LoopFixture.PAIRS * 0.8);
        assertThat(mixed.get("gate_examples")).as("the gate judges recent pairs only").isEqualTo(LoopFixture.PAIRS * 0.2);
        assertThat(mixed.get("champion_auc")).as("the same gate pairs").isEqualTo(alone.get("champion_auc"));
        ModelBundle candidate = ModelBundle.load(dir.resolve("models-" + world.labeled).resolve("fraud-3"));
        assertThat(candidate.card().training().data()).contains("9600 labeled pairs", "9600 rows of",
                LoopFixture.championData().toString());
        LOG.info("On a stationary stream, gate AUC of the champion {}; candidate on recent pairs alone {} ({}), with as "
                + "many rows of the champion's training data {} ({})", alone.get("champion_auc"), alone.get("candidate_auc"),
                steps.get(0).getStep(), mixed.get("candidate_auc"), steps.get(1).getStep());
    }

    @Test
    void onlyPairsOfEventsWithinMaxAgeAreUsed(TestStack stack) {
        LoopFixture world = new LoopFixture(stack, dir, "recent");
        world.publishChampion();
        List<LabeledPrediction> pairs = world.pairs(Scenario.CONCEPT_DRIFT, false);
        world.produce(world.labeled, pairs, LabeledPrediction::getEventId);
        List<String> args = new ArrayList<>(List.of(args(world)));
        args.addAll(List.of("--max-age", "30m", "--publish", "false"));

        Instant before = Instant.now();
        RetrainMain.run(args.toArray(String[]::new), Map.of());
        Instant after = Instant.now();

        Map<String, Double> f = world.read(world.events, ModelEvent.class).get(0).getFigures();
        double used = f.get("training_examples") + f.get("gate_examples");
        // The pairs' events span the hour before the test, so about the newest 3,000 are within 30 min.
        assertThat(used).isBetween((double) within(pairs, after.minus(Duration.ofMinutes(30))),
                (double) within(pairs, before.minus(Duration.ofMinutes(30))));
        assertThat(used).isLessThan(LoopFixture.PAIRS);
    }

    private static long within(List<LabeledPrediction> pairs, Instant oldest) {
        return pairs.stream().filter(p -> !p.getPrediction().getEventTime().isBefore(oldest)).count();
    }

    private static String[] args(LoopFixture world) {
        List<String> args = new ArrayList<>(List.of("--model", world.model()));
        args.addAll(world.flags());
        return args.toArray(String[]::new);
    }
}
