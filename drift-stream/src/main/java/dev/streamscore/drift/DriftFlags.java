package dev.streamscore.drift;

import dev.streamscore.config.SettingsSpec;
import dev.streamscore.drift.alerts.AlertRules;
import dev.streamscore.drift.alerts.AlertSettings;
import dev.streamscore.drift.dashboard.Dashboard;
import dev.streamscore.drift.window.WindowLimits;
import dev.streamscore.schemas.topics.StreamScoreTopics;
import java.nio.file.Path;
import java.time.Duration;

/**
 * drift-stream's settings, declared once: {@link DriftConfig#from} parses them, the app's
 * {@code --help} prints them, and the demo and the benchmarks render their flags from them. No
 * Kafka Streams types here, so that a launcher without Kafka Streams on its classpath can use it.
 */
public final class DriftFlags {
    public static final SettingsSpec SPEC = SettingsSpec.builder("streamscore monitor",
                    "Run the drift monitor (Kafka Streams): label join, windowed drift and performance, alerts.")
            .connection()
            .passThrough("alert.", "a rule's threshold or minimum sample (alert.<metric>.threshold, ...; see the README)")
            .add("application-id", "streamscore-drift", "Kafka Streams application id (group, internal topic prefix)")
            .add("state-dir", Path.of(System.getProperty("user.home"), ".streamscore", "drift-state"), "RocksDB state")
            .add("processing-guarantee", DriftConfig.ProcessingGuarantee.EXACTLY_ONCE_V2, "or at-least-once")
            .add("stream-threads", 1, "threads per instance")
            .add("predictions-topic", StreamScoreTopics.PREDICTIONS.defaultName(), "the scoring job's predictions")
            .add("labels-topic", StreamScoreTopics.LABELS.defaultName(), "delayed feedback labels")
            .add("model-baselines-topic", StreamScoreTopics.MODEL_BASELINES.defaultName(), "model cards with training profiles")
            .add("labeled-predictions-topic", StreamScoreTopics.LABELED_PREDICTIONS.defaultName(), "joined predictions and labels")
            .add("drift-metrics-topic", StreamScoreTopics.DRIFT_METRICS.defaultName(), "every window's metrics")
            .add("alerts-topic", StreamScoreTopics.ALERTS.defaultName(), "alerts raised and resolved")
            .add("dlq-topic", StreamScoreTopics.DRIFT_DLQ.defaultName(), "records that cannot be processed, with the reason")
            .add("model-events-topic", StreamScoreTopics.MODEL_EVENTS.defaultName(), "lifecycle steps, shown on the dashboard")
            .add("window-size", Duration.ofMinutes(1), "tumbling event-time window")
            .add("window-grace", Duration.ofSeconds(10), "how far out of order one input partition's records may be")
            .add("max-label-delay", Duration.ofMinutes(10), "a label joins if label time - event time is at most this")
            .add("idle-timeout", Duration.ofMinutes(1), "an input partition without records this long stops holding windows back")
            .add("revision-horizon", Duration.ofHours(1), "how long after a window closes late records still revise it")
            .add("provisional-coverage", DriftConfig.DEFAULT_PROVISIONAL_COVERAGE,
                    "share of a window's predictions labeled at which its performance comes early (0: off)")
            .add("future-tolerance", Duration.ofMinutes(10), "records further ahead of this machine's clock go to the DLQ")
            .add("segment-fields", null, "comma list of attributes to group bias metrics by (none: every attribute)")
            .add("max-categories", WindowLimits.DEFAULTS.maxCategories(), "categories kept per categorical feature per window")
            .add("max-segment-groups", WindowLimits.DEFAULTS.maxGroups(), "groups kept per segment field per window")
            .add("min-group-size", WindowLimits.DEFAULTS.minGroupSize(), "events (or labeled positives) a group needs to enter a gap")
            .add("alert-raise-after", AlertSettings.DEFAULTS.raiseAfter(), "breaching windows before an alert fires")
            .add("alert-clear-after", AlertSettings.DEFAULTS.clearAfter(), "healthy windows before it resolves")
            .add("alert-cooldown", AlertSettings.DEFAULTS.cooldown(), "event time after a RESOLVED before the rule fires again")
            .add("alert-pvalue-max-sample", AlertSettings.DEFAULTS.pValueMaxSample(), "p-value rules are skipped above this sample")
            .add("alert-idle-resolve", AlertSettings.DEFAULTS.idleResolve(),
                    "a model version without a window result this long has its alerts resolved (0s: never)")
            .add("alert-min-sample", AlertRules.DEFAULT_MIN_SAMPLE, "default minimum window sample of every rule")
            .add("http-host", "127.0.0.1", "HTTP endpoint host (health, queries, dashboard)")
            .add("http-port", 8091, "HTTP endpoint port; 0: any free, -1: off")
            .add("http-advertised-host", null, "host the other instances reach this one at (default: --http-host)")
            .add("dashboard-history-windows", Dashboard.DEFAULT_HISTORY_WINDOWS, "closed windows per version the charts keep")
            .build();

    private DriftFlags() {
    }
}
