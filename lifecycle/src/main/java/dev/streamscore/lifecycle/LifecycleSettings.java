package dev.streamscore.lifecycle;

import dev.streamscore.avro.Severity;
import dev.streamscore.config.ConfigValues;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * What {@code streamscore lifecycle} watches and does: every setting of {@code retrain} (but the
 * model, which each alert names, and the version, which each retraining picks), plus its triggers.
 *
 * @param retrain       how each retraining runs (its model is a placeholder: each alert's model is used)
 * @param alertsTopic   the alerts drift-stream writes
 * @param groupId       the consumer group (its committed offsets are where the app resumes)
 * @param kinds         alert kinds that trigger a retraining (e.g. performance, prediction_drift)
 * @param severities    alert severities that trigger one
 * @param models        the models it retrains; empty: any model an alert names
 * @param cooldown      no retraining of a model within this long of its last step (by its last
 *                      {@code model-events} record, so a restart keeps it)
 * @param retrainEvery  also retrain each of {@code models} this long after its last step (a schedule);
 *                      zero: only alerts trigger
 * @param metricsTopic  the per-version window metrics drift-stream writes, which rollouts are judged on
 * @param rollout       how a candidate that passed the gate goes from shadow to challenger to champion
 */
public record LifecycleSettings(RetrainSettings retrain, String alertsTopic, String groupId, Set<String> kinds,
        Set<Severity> severities, Set<String> models, Duration cooldown, Duration retrainEvery, String metricsTopic,
        RolloutSettings rollout) {
    public LifecycleSettings {
        kinds = Set.copyOf(kinds);
        severities = Set.copyOf(severities);
        models = Set.copyOf(models);
        if (kinds.isEmpty()) {
            throw new IllegalArgumentException("--trigger-kinds must name at least one alert kind");
        }
        if (!retrainEvery.isZero() && models.isEmpty()) {
            throw new IllegalArgumentException("--retrain-every needs --models: the models to retrain on the schedule");
        }
    }

    public static LifecycleSettings from(String[] args, Map<String, String> environment) {
        ConfigValues v = LifecycleFlags.LIFECYCLE.parse(args, environment);
        return new LifecycleSettings(
                RetrainSettings.from(v, "(each alert's model)", null),
                v.string("alerts-topic"),
                v.string("group-id"),
                Set.copyOf(v.list("trigger-kinds")),
                Set.copyOf(v.list("trigger-severities").stream().map(s -> severity(s)).toList()),
                Set.copyOf(v.list("models")),
                v.duration("cooldown", Duration.ZERO),
                v.duration("retrain-every", Duration.ZERO),
                v.string("drift-metrics-topic"),
                new RolloutSettings(
                        v.integer("live-windows", 1),
                        v.integer("max-live-windows", 1),
                        v.fraction("max-live-auc-drop"),
                        v.fraction("min-live-auc"),
                        v.longValue("min-live-labels", 1),
                        v.fraction("challenger-share")));
    }

    private static Severity severity(String name) {
        try {
            return Severity.valueOf(name.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--trigger-severities: '" + name + "' is not one of INFO, WARNING, CRITICAL", e);
        }
    }
}
