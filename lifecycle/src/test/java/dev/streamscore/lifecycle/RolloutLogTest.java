package dev.streamscore.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamscore.avro.ModelEvent;
import dev.streamscore.avro.ModelRole;
import dev.streamscore.avro.ModelUpdate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RolloutLogTest {
    private static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");

    @Test
    void replaysEachModelsRolloutFromItsSteps() {
        RolloutLog log = new RolloutLog();
        log.apply(step("fraud", "2", ModelEvents.GATE_PASSED, null, 0));
        assertThat(log.active("fraud")).as("a gate that passed serves nothing yet").isEmpty();
        log.apply(step("fraud", "2", ModelEvents.PUBLISHED_SHADOW, ModelRole.SHADOW, 10));
        log.apply(step("churn", "7", ModelEvents.PUBLISHED_SHADOW, ModelRole.SHADOW, 20));
        log.apply(step("fraud", "2", ModelEvents.PROMOTED_CHALLENGER, ModelRole.CHALLENGER, 300));

        assertThat(log.active()).containsOnlyKeys("fraud", "churn");
        assertThat(log.active("fraud")).contains(new Rollout("fraud", "2", "1", ModelRole.CHALLENGER, T0.plusSeconds(300),
                "/models/fraud-2"));
        assertThat(log.lastStep("fraud")).contains(T0.plusSeconds(300));

        log.apply(step("fraud", "2", ModelEvents.PROMOTED_CHAMPION, ModelRole.CHAMPION, 600));
        log.apply(step("churn", "7", ModelEvents.ROLLED_BACK, ModelRole.SHADOW, 700));
        assertThat(log.active()).isEmpty();
        assertThat(log.lastRolloutSteps()).extractingByKeys("fraud", "churn").extracting(ModelEvent::getStep)
                .containsExactly(ModelEvents.PROMOTED_CHAMPION, ModelEvents.ROLLED_BACK);
        assertThat(log.lastStep("churn")).contains(T0.plusSeconds(700));
        assertThat(log.lastStep("other")).isEmpty();
    }

    @Test
    void eachStepImpliesTheUpdatesThatServeIt() {
        RolloutSettings settings = RolloutSettings.DEFAULTS;
        assertThat(RolloutActions.changes(step("fraud", "2", ModelEvents.PROMOTED_CHALLENGER, ModelRole.CHALLENGER, 0),
                settings)).containsExactly(new RolloutActions.Change(ModelRole.SHADOW, true, 1.0),
                        new RolloutActions.Change(ModelRole.CHALLENGER, false, 0.25));
        assertThat(RolloutActions.changes(step("fraud", "2", ModelEvents.PROMOTED_CHAMPION, ModelRole.CHAMPION, 0),
                settings)).containsExactly(new RolloutActions.Change(ModelRole.CHAMPION, false, 1.0),
                        new RolloutActions.Change(ModelRole.CHALLENGER, true, 1.0));
        assertThat(RolloutActions.changes(step("fraud", "2", ModelEvents.ROLLED_BACK, ModelRole.CHALLENGER, 0),
                settings)).containsExactly(new RolloutActions.Change(ModelRole.CHALLENGER, true, 1.0));
        assertThat(RolloutActions.changes(step("fraud", "2", ModelEvents.GATE_FAILED, null, 0), settings)).isEmpty();
    }

    @Test
    void anUpdateIsMissingUntilModelUpdatesShowsIt() {
        RolloutActions.Change challenger = new RolloutActions.Change(ModelRole.CHALLENGER, false, 0.25);
        RolloutActions.Change retireShadow = new RolloutActions.Change(ModelRole.SHADOW, true, 1.0);
        assertThat(RolloutActions.done(challenger, null, "2")).isFalse();
        assertThat(RolloutActions.done(challenger, update("2", ModelRole.CHALLENGER, 0.1, false), "2"))
                .as("another share").isFalse();
        assertThat(RolloutActions.done(challenger, update("2", ModelRole.CHALLENGER, 0.25, false), "2")).isTrue();
        assertThat(RolloutActions.done(retireShadow, update("2", ModelRole.SHADOW, 1.0, false), "2")).isFalse();
        assertThat(RolloutActions.done(retireShadow, update("2", ModelRole.SHADOW, 1.0, true), "2")).isTrue();
        assertThat(RolloutActions.done(retireShadow, update("3", ModelRole.SHADOW, 1.0, false), "2"))
                .as("another version's shadow is not the rollout's to retire").isTrue();
    }

    private static ModelUpdate update(String version, ModelRole role, double share, boolean retired) {
        return ModelUpdate.newBuilder().setModelName("fraud").setModelVersion(version).setRole(role)
                .setLocation("file:///models/fraud-" + version).setChecksum("c").setTrafficShare(share)
                .setRetired(retired).setPublishedTime(T0).setPublishedBy("test").build();
    }

    static ModelEvent step(String model, String candidate, String step, ModelRole role, long seconds) {
        return ModelEvent.newBuilder().setModelName(model).setCandidateVersion(candidate).setChampionVersion("1")
                .setStep(step).setRole(role).setTrigger("test").setReasons(List.of()).setFigures(Map.of())
                .setBundle("/models/" + model + "-" + candidate).setTime(T0.plusSeconds(seconds)).build();
    }
}
