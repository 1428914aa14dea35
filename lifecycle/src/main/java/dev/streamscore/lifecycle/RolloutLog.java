package dev.streamscore.lifecycle;

import dev.streamscore.avro.ModelEvent;
import dev.streamscore.avro.ModelRole;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code model-events} says about each model, replayed in the topic's order: its last step's
 * time (the retraining cooldown counts from it) and the rollout in progress, if any. The topic is
 * the lifecycle app's only state, so a restart resumes exactly where the last written step left off.
 */
final class RolloutLog {
    private final Map<String, Instant> lastStep = new HashMap<>();
    private final Map<String, Rollout> active = new HashMap<>();
    private final Map<String, ModelEvent> lastRolloutStep = new HashMap<>();

    /** Takes the next record of the topic (records of one model arrive in their written order). */
    void apply(ModelEvent event) {
        String model = event.getModelName();
        lastStep.merge(model, event.getTime(), (a, b) -> a.isAfter(b) ? a : b);
        switch (event.getStep()) {
            case ModelEvents.PUBLISHED_SHADOW -> start(event, ModelRole.SHADOW);
            case ModelEvents.PROMOTED_CHALLENGER -> start(event, ModelRole.CHALLENGER);
            case ModelEvents.PROMOTED_CHAMPION, ModelEvents.ROLLED_BACK -> {
                active.remove(model);
                lastRolloutStep.put(model, event);
            }
            default -> {
                // Gate and retraining steps change no served role.
            }
        }
    }

    private void start(ModelEvent event, ModelRole stage) {
        active.put(event.getModelName(), new Rollout(event.getModelName(), event.getCandidateVersion(),
                event.getChampionVersion(), stage, event.getTime(), event.getBundle()));
        lastRolloutStep.put(event.getModelName(), event);
    }

    /** A step that wrote nothing the app reads back (a retraining that failed) still starts the cooldown. */
    void touch(String model, Instant time) {
        lastStep.merge(model, time, (a, b) -> a.isAfter(b) ? a : b);
    }

    Optional<Instant> lastStep(String model) {
        return Optional.ofNullable(lastStep.get(model));
    }

    Optional<Rollout> active(String model) {
        return Optional.ofNullable(active.get(model));
    }

    Map<String, Rollout> active() {
        return Map.copyOf(active);
    }

    /** The last step per model that changed a served role (its updates are checked at start). */
    Map<String, ModelEvent> lastRolloutSteps() {
        return Map.copyOf(lastRolloutStep);
    }
}
