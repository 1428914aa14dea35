package dev.streamscore.lifecycle;

import dev.streamscore.avro.Severity;
import dev.streamscore.config.ConfigValues;
import dev.streamscore.schemas.topics.StreamScoreTopics;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
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
    static final Set<String> KEYS;

    static {
        Set<String> keys = new HashSet<>(RetrainSettings.KEYS);
        keys.remove("model");
        keys.remove("version");
        keys.addAll(Set.of("alerts-topic", "group-id", "trigger-kinds", "trigger-severities", "models", "cooldown",
                "retrain-every", "drift-metrics-topic", "live-windows", "max-live-windows", "max-live-auc-drop",
                "min-live-auc", "min-live-labels", "challenger-share"));
        KEYS = Set.copyOf(keys);
    }

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
        ConfigValues v = ConfigValues.parse(args, environment, KEYS, ConfigValues.CLIENT_PREFIXES);
        List<String> kinds = v.list("trigger-kinds");
        List<String> severities = v.list("trigger-severities");
        return new LifecycleSettings(
                RetrainSettings.from(v, "(each alert's model)"),
                v.string("alerts-topic", StreamScoreTopics.ALERTS.defaultName()),
                v.string("group-id", "streamscore-lifecycle"),
                Set.copyOf(kinds.isEmpty() ? List.of("performance") : kinds),
                severities.isEmpty() ? Set.of(Severity.WARNING, Severity.CRITICAL)
                        : Set.copyOf(severities.stream().map(s -> severity(s)).toList()),
                Set.copyOf(v.list("models")),
                v.duration("cooldown", Duration.ofHours(1), Duration.ZERO),
                v.duration("retrain-every", Duration.ZERO, Duration.ZERO),
                v.string("drift-metrics-topic", StreamScoreTopics.DRIFT_METRICS.defaultName()),
                new RolloutSettings(
                        v.integer("live-windows", RolloutSettings.DEFAULTS.windows(), 1),
                        v.integer("max-live-windows", RolloutSettings.DEFAULTS.maxWindows(), 1),
                        v.fraction("max-live-auc-drop", RolloutSettings.DEFAULTS.maxAucDrop()),
                        v.fraction("min-live-auc", RolloutSettings.DEFAULTS.minAuc()),
                        v.longValue("min-live-labels", RolloutSettings.DEFAULTS.minLabels(), 1),
                        v.fraction("challenger-share", RolloutSettings.DEFAULTS.challengerShare())));
    }

    private static Severity severity(String name) {
        try {
            return Severity.valueOf(name.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--trigger-severities: '" + name + "' is not one of INFO, WARNING, CRITICAL", e);
        }
    }
}
