package dev.streamscore.lifecycle;

import dev.streamscore.config.SettingsSpec;
import dev.streamscore.schemas.topics.StreamScoreTopics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * The settings of {@code streamscore retrain} and {@code streamscore lifecycle}, declared once:
 * {@link RetrainSettings#from} and {@link LifecycleSettings#from} parse them, the apps' {@code --help}
 * prints them, and the demo renders its flags from them.
 */
public final class LifecycleFlags {
    public static final SettingsSpec RETRAIN = SettingsSpec.builder("streamscore retrain",
                    "Retrain a model on its champion's labeled pairs (labeled-predictions), gate the candidate against the "
                            + "champion on the newest pairs (held back from training) and publish it as a SHADOW if it "
                            + "passes. Every step is written to model-events. Exit status: 0 passed, 2 the gate failed "
                            + "(nothing published), 1 an error.")
            .add("model", null, "the model to retrain (required)")
            .add("version", null, "the candidate's version (default: the champion's plus one)")
            .add("max-examples", 100_000, "the newest labeled pairs used at most (training and gate together)")
            .add("min-examples", 2_000, "fewer pairs than this and nothing is trained (at least 40)")
            .add("max-age", Duration.ofDays(7), "pairs whose event is older than this are not used")
            .add("gate-share", GateSettings.DEFAULTS.share(), "share of the pairs the gate holds back from training")
            .add("min-auc", GateSettings.DEFAULTS.minAuc(), "the candidate's AUC on the gate pairs at least")
            .add("max-auc-drop", GateSettings.DEFAULTS.maxAucDrop(), "AUC below the champion's by at most")
            .add("max-brier-rise", GateSettings.DEFAULTS.maxBrierRise(), "Brier score above the champion's by at most")
            .add("max-recall-gap-rise", GateSettings.DEFAULTS.maxRecallGapRise(),
                    "growth of the recall gap between segment groups at most")
            .add("min-group-positives", GateSettings.DEFAULTS.minGroupPositives(), "positives a group needs to be judged")
            .add("out-dir", Path.of(System.getProperty("user.home"), ".streamscore", "models"),
                    "where the candidate's bundle is written (<out-dir>/<name>-<version>)")
            .add("seed", 1, "training seed")
            .add("publish", true, "publish a passing candidate as a shadow")
            .add("signing-key", null, "Ed25519 private key (PEM file) to sign the update with")
            .add("location", null, "where the scoring job fetches the bundle (default: the bundle directory)")
            .add("previous-data", null, "the data the champion was trained on (CSV or Avro, as train --data)")
            .add("previous-share", null, "share of the training set drawn from --previous-data (default: 0.3 with it, else 0)")
            .connection()
            .add("labeled-predictions-topic", StreamScoreTopics.LABELED_PREDICTIONS.defaultName(), "drift-stream's labeled pairs")
            .add("model-baselines-topic", StreamScoreTopics.MODEL_BASELINES.defaultName(), "the published versions' cards")
            .add("model-updates-topic", StreamScoreTopics.MODEL_UPDATES.defaultName(), "where a passing candidate is published")
            .add("model-events-topic", StreamScoreTopics.MODEL_EVENTS.defaultName(), "where the gate's report and each step go")
            .build();

    public static final SettingsSpec LIFECYCLE = SettingsSpec.builder("streamscore lifecycle",
                    "Retrain a model when drift-stream raises an alert of a chosen kind about its champion, or on a "
                            + "schedule (as retrain does: gate, model-events, shadow), at most once per cooldown; then roll "
                            + "the candidate out on live windows: shadow, challenger, champion, or back.")
            .addAll(RETRAIN, Set.of("model", "version"))
            .add("alerts-topic", StreamScoreTopics.ALERTS.defaultName(), "the alerts drift-stream writes")
            .add("group-id", "streamscore-lifecycle", "consumer group (its committed offsets are where the app resumes)")
            .add("trigger-kinds", "performance", "alert kinds that trigger a retraining (comma list)")
            .add("trigger-severities", "WARNING,CRITICAL", "alert severities that trigger one (comma list)")
            .add("models", null, "the models it retrains (comma list; none: any model an alert names)")
            .add("cooldown", Duration.ofHours(1), "no retraining of a model within this long of its last step")
            .add("retrain-every", Duration.ZERO, "also retrain each of --models this long after its last step (0s: off)")
            .add("drift-metrics-topic", StreamScoreTopics.DRIFT_METRICS.defaultName(), "the windows rollouts are judged on")
            .add("live-windows", RolloutSettings.DEFAULTS.windows(), "live windows a rollout step needs")
            .add("max-live-windows", RolloutSettings.DEFAULTS.maxWindows(), "windows after which an undecided step rolls back")
            .add("max-live-auc-drop", RolloutSettings.DEFAULTS.maxAucDrop(), "live AUC below the champion's by at most")
            .add("min-live-auc", RolloutSettings.DEFAULTS.minAuc(), "live AUC at least")
            .add("min-live-labels", RolloutSettings.DEFAULTS.minLabels(), "labels a live window needs to count")
            .add("challenger-share", RolloutSettings.DEFAULTS.challengerShare(), "traffic share of a challenger")
            .build();

    private LifecycleFlags() {
    }
}
