package dev.streamscore.drift;

import dev.streamscore.config.ConfigValues;
import dev.streamscore.drift.alerts.AlertRules;
import dev.streamscore.drift.alerts.AlertSettings;
import dev.streamscore.drift.join.JoinSettings;
import dev.streamscore.drift.window.WindowLimits;
import dev.streamscore.drift.window.WindowTiming;
import dev.streamscore.schemas.registry.SchemaRegistryClientConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;

/**
 * Everything drift-stream is configured with; the README's table lists each setting. Built from
 * flags > environment > properties file > the defaults here ({@link ConfigValues}). Invalid
 * values fail at start with the key named.
 *
 * @param bootstrapServers    Kafka bootstrap servers
 * @param registryUrl         Confluent-compatible schema registry URL(s)
 * @param applicationId       Kafka Streams application id (consumer group, internal topic prefix)
 * @param stateDir            Kafka Streams state directory
 * @param processingGuarantee exactly_once_v2 (default) or at_least_once
 * @param streamThreads       stream threads per instance
 * @param topics              topic names
 * @param windowSize          event-time tumbling window size
 * @param windowGrace         how far out of order the records of one input partition may be: a window
 *                            closes when every input partition has been read past its end plus this
 * @param maxLabelDelay       longest label_time - event_time a label is joined within
 * @param idleTimeout         an input partition with no records for this long (wall clock) stops holding
 *                            windows back until it has records again
 * @param revisionHorizon     how long (event time) after a window closes late records still revise it
 * @param provisionalCoverage the share of a window's served predictions with a label at which its
 *                            performance metrics are emitted as a provisional result, before the final
 *                            one at the label delay; 0 turns provisional results off
 * @param futureTolerance     a prediction or label whose event time is further ahead of the wall clock
 *                            than this goes to the dead-letter topic
 * @param limits              state bounds and bias grouping
 * @param alertSettings       hysteresis, cooldown, p-value sample limit
 * @param alertMinSample      default minimum window sample of every rule
 * @param alertOverrides      {@code alert.<metric>[.<feature>].<attribute>} settings
 * @param httpHost            address the HTTP endpoint binds to (loopback by default)
 * @param httpPort            its port; 0 picks a free one, -1 turns it off
 * @param httpAdvertisedHost  the host other instances reach this one's HTTP endpoint at (Kafka Streams'
 *                            {@code application.server} is this host and the bound port); defaults to httpHost
 * @param kafka               {@code kafka.*} pass-through, prefix removed (Streams, consumer, producer settings)
 * @param registry            {@code schema.registry.*} and {@code basic.auth.*} pass-through
 * @param dashboardHistoryWindows windows per model version the dashboard's charts keep
 */
public record DriftConfig(
        String bootstrapServers,
        String registryUrl,
        String applicationId,
        String stateDir,
        ProcessingGuarantee processingGuarantee,
        int streamThreads,
        Topics topics,
        Duration windowSize,
        Duration windowGrace,
        Duration maxLabelDelay,
        Duration idleTimeout,
        Duration revisionHorizon,
        double provisionalCoverage,
        Duration futureTolerance,
        WindowLimits limits,
        AlertSettings alertSettings,
        long alertMinSample,
        Map<String, String> alertOverrides,
        String httpHost,
        int httpPort,
        String httpAdvertisedHost,
        Map<String, String> kafka,
        Map<String, String> registry,
        int dashboardHistoryWindows) {

    /** Kafka Streams processing guarantees drift-stream supports. */
    public enum ProcessingGuarantee {
        EXACTLY_ONCE_V2(StreamsConfig.EXACTLY_ONCE_V2),
        AT_LEAST_ONCE(StreamsConfig.AT_LEAST_ONCE);

        private final String streamsValue;

        ProcessingGuarantee(String streamsValue) {
            this.streamsValue = streamsValue;
        }

        public String streamsValue() {
            return streamsValue;
        }
    }

    /**
     * Topic names.
     *
     * @param predictions        in: Prediction by entity id
     * @param labels             in: Label by event id
     * @param modelBaselines     in (compacted): ModelBaseline by model@version
     * @param labeledPredictions out: LabeledPrediction by event id
     * @param driftMetrics       out: MonitorMetric by model@version
     * @param alerts             out: Alert by model@version
     * @param deadLetters        out: undecodable or invalid input records, reason in headers
     * @param modelEvents        in, for the dashboard's lifecycle view only: ModelEvent by model name, written
     *                           by the lifecycle app; it need not exist
     */
    public record Topics(String predictions, String labels, String modelBaselines, String labeledPredictions,
            String driftMetrics, String alerts, String deadLetters, String modelEvents) {
        public Topics {
            Objects.requireNonNull(predictions, "predictions-topic");
            Objects.requireNonNull(labels, "labels-topic");
            Objects.requireNonNull(modelBaselines, "model-baselines-topic");
            Objects.requireNonNull(labeledPredictions, "labeled-predictions-topic");
            Objects.requireNonNull(driftMetrics, "drift-metrics-topic");
            Objects.requireNonNull(alerts, "alerts-topic");
            Objects.requireNonNull(deadLetters, "dlq-topic");
            Objects.requireNonNull(modelEvents, "model-events-topic");
        }
    }

    /** A window's performance metrics come early once 95 % of its predictions have their label. */
    public static final double DEFAULT_PROVISIONAL_COVERAGE = 0.95;

    public DriftConfig {
        kafka = Map.copyOf(kafka);
        registry = Map.copyOf(registry);
        alertOverrides = Map.copyOf(alertOverrides);
        if (windowSize.isZero() || windowSize.isNegative()) {
            throw new IllegalArgumentException("--window-size must be > 0, was " + windowSize);
        }
        // Built here only to validate, so that a bad value fails at start naming its key rather
        // than later when the topology is built.
        JoinSettings join = new JoinSettings(maxLabelDelay, windowGrace, revisionHorizon);
        new WindowTiming(windowSize, windowGrace, join.outcomeGrace(), revisionHorizon, provisionalCoverage);
        if (idleTimeout.isZero() || idleTimeout.isNegative()) {
            throw new IllegalArgumentException("--idle-timeout must be > 0, was " + idleTimeout);
        }
        AlertRules.withOverrides(alertOverrides, alertMinSample);
        if (httpPort < -1 || httpPort > 65_535) {
            throw new IllegalArgumentException("--http-port must be -1 (off), 0 (any free port) or a port, was " + httpPort);
        }
    }

    public static DriftConfig from(String[] args, Map<String, String> environment) {
        ConfigValues v = DriftFlags.SPEC.parse(args, environment);
        Topics topics = new Topics(
                v.string("predictions-topic"),
                v.string("labels-topic"),
                v.string("model-baselines-topic"),
                v.string("labeled-predictions-topic"),
                v.string("drift-metrics-topic"),
                v.string("alerts-topic"),
                v.string("dlq-topic"),
                v.string("model-events-topic"));
        WindowLimits limits = new WindowLimits(
                v.list("segment-fields"),
                v.integer("max-categories", 1),
                v.integer("max-segment-groups", 1),
                v.longValue("min-group-size", 1));
        AlertSettings alerts = new AlertSettings(
                v.integer("alert-raise-after", 1),
                v.integer("alert-clear-after", 1),
                v.duration("alert-cooldown", Duration.ZERO),
                v.longValue("alert-pvalue-max-sample", 1),
                v.duration("alert-idle-resolve", Duration.ZERO));
        return new DriftConfig(
                v.string("bootstrap-servers"),
                v.string("registry-url"),
                v.string("application-id"),
                v.string("state-dir"),
                v.enumeration("processing-guarantee", ProcessingGuarantee.class),
                v.integer("stream-threads", 1),
                topics,
                v.duration("window-size", Duration.ofMillis(1)),
                v.duration("window-grace", Duration.ZERO),
                v.duration("max-label-delay", Duration.ofMillis(1)),
                v.duration("idle-timeout", Duration.ofMillis(1)),
                v.duration("revision-horizon", Duration.ZERO),
                v.fraction("provisional-coverage"),
                v.duration("future-tolerance", Duration.ZERO),
                limits,
                alerts,
                v.longValue("alert-min-sample", 0),
                v.withPrefix("alert.", false),
                v.string("http-host"),
                v.integer("http-port", -1),
                v.string("http-advertised-host", v.string("http-host")),
                v.withPrefix("kafka.", true),
                registryPassThrough(v),
                v.integer("dashboard-history-windows", 1));
    }

    private static Map<String, String> registryPassThrough(ConfigValues v) {
        Map<String, String> registry = new HashMap<>(v.withPrefix("schema.registry.", false));
        registry.putAll(v.withPrefix("basic.auth.", false));
        return registry;
    }

    public JoinSettings joinSettings() {
        return new JoinSettings(maxLabelDelay, windowGrace, revisionHorizon);
    }

    public WindowTiming windowTiming() {
        return new WindowTiming(windowSize, windowGrace, joinSettings().outcomeGrace(), revisionHorizon,
                provisionalCoverage);
    }

    public AlertRules alertRules() {
        return AlertRules.withOverrides(alertOverrides, alertMinSample);
    }

    /** The registry client and serde settings: the URL plus the pass-through. */
    public Map<String, Object> registryProperties() {
        Map<String, Object> properties = new HashMap<>(registry);
        properties.put(SchemaRegistryClientConfig.URL, registryUrl);
        return properties;
    }

    /**
     * The Kafka Streams configuration: identity, guarantee, state, dead letters (Kafka Streams' own
     * dead-letter queue, KIP-1034: undecodable records and records that fail processing go to the
     * DLQ topic with the exception, message, stack trace and source topic/partition/offset in
     * {@code __streams.errors.*} headers, and processing continues), explicit naming of every
     * internal topic and store enforced, optimizations on; then every {@code kafka.*} setting.
     */
    public Properties streamsProperties() {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, processingGuarantee.streamsValue());
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir);
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, streamThreads);
        p.put(StreamsConfig.TOPOLOGY_OPTIMIZATION_CONFIG, StreamsConfig.OPTIMIZE);
        p.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        p.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, topics.deadLetters());
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class.getName());
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueProcessingExceptionHandler.class.getName());
        // Windows track every input partition's own event time, so the order in which a task reads
        // its partitions does not matter; without this, each task checked every empty partition's
        // fetch lag on every pass (a sixth of the stream threads' time at 5,000 events/s).
        p.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
        // With two or more instances, each keeps a warm copy of another's state: a takeover after a
        // crash then restores nothing (load-tests/run-takeover.sh: 0 records instead of 610,068 at
        // 2,000 events/s with one-minute label delays). A single instance has no one to copy for.
        p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, 1);
        // A bad baseline record must not stop the global thread either. The constant is deprecated in
        // 4.4 because 5.0 makes this the only behaviour; the key sets it now.
        p.put("processing.exception.handler.global.enabled", true);
        p.putAll(kafka);
        return p;
    }

    /** As a record prints itself, but with the values of secret client settings (SASL JAAS, passwords) hidden. */
    @Override
    public String toString() {
        return ConfigValues.describe(this);
    }
}
