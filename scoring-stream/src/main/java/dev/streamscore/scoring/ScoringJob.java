package dev.streamscore.scoring;

import dev.streamscore.config.SettingsSpec;
import dev.streamscore.avro.Alert;
import dev.streamscore.avro.Prediction;
import dev.streamscore.schemas.flink.ConfluentAvroFlinkSchemas;
import dev.streamscore.schemas.registry.SchemaRegistryClientFactory;
import dev.streamscore.schemas.serde.SubjectNameStrategy;
import dev.streamscore.scoring.io.AvroRecordSerializer;
import dev.streamscore.scoring.io.DeadLetter;
import dev.streamscore.scoring.io.DeadLetterSerializer;
import dev.streamscore.scoring.io.RawEvent;
import dev.streamscore.scoring.io.RawEventDeserializer;
import dev.streamscore.scoring.operator.ScoringSettings;
import dev.streamscore.scoring.updates.KafkaModelUpdateFeed;
import dev.streamscore.scoring.updates.ModelUpdateFeed;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.TransactionNamingStrategy;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.formats.avro.AvroWriters;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point of the scoring job: reads {@link ScoringConfig}, wires Kafka sources and sinks to
 * {@link ScoringPipeline} and runs it (in a local MiniCluster when started with {@code java}, on
 * the cluster when submitted to one).
 */
public final class ScoringJob {
    private static final Logger LOG = LoggerFactory.getLogger(ScoringJob.class);

    private ScoringJob() {
    }

    public static void main(String[] args) throws Exception {
        if (SettingsSpec.wantsHelp(args)) {
            System.out.print(ScoringFlags.SPEC.help());
            return;
        }
        ScoringConfig config;
        try {
            config = ScoringConfig.from(args, System.getenv());
            config.restorePath();
        } catch (IllegalArgumentException e) {
            LOG.error("Invalid configuration: {}", e.getMessage());
            System.err.println("Invalid configuration: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (config.jobManager() != null) {
            // Detached, as `flink run -d`: the job lives on the cluster, not in this process.
            JobClient job = start(config);
            LOG.info("Scoring job {} submitted to the Flink cluster at {}; see http://{}/jobs/{}", job.getJobID(),
                    config.jobManager(), config.jobManager(), job.getJobID());
            return;
        }
        JobExecutionResult result = environment(config).execute("StreamScore scoring");
        // Submitted detached (a Flink cluster in application mode, the Kubernetes operator) there is no
        // result to report, and asking a detached result for one throws.
        if (result.isJobExecutionResult()) {
            LOG.info("Scoring job finished after {} ms", result.getNetRuntime());
        } else {
            LOG.info("Scoring job submitted: {}", result.getJobID());
        }
    }

    /** Starts the job without waiting for it; for embedding and tests. */
    public static JobClient start(ScoringConfig config) throws Exception {
        return environment(config).executeAsync("StreamScore scoring");
    }

    static StreamExecutionEnvironment environment(ScoringConfig config) {
        Configuration flink = new Configuration();
        // Without reuse Flink deep-copies every Prediction (its served-features map included) between
        // the scoring operator and the chained sink writer: 22 % of the task thread's time in a
        // profile at 16,000 events/s. Safe here: the operator builds a new record per output and
        // never touches it again, the writers serialize at once, and records arriving over the
        // network are fresh objects whatever this setting says.
        flink.set(PipelineOptions.OBJECT_REUSE, true);
        flink.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        flink.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, Integer.MAX_VALUE);
        flink.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(2));
        if (config.checkpointDir() != null) {
            flink.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
            flink.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, Path.of(config.checkpointDir()).toUri().toString());
            // Kept after a cancel or a crash, so the job can be restarted from it (--restore-from).
            flink.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                    ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        }
        String restorePath = config.restorePath();
        if (restorePath != null) {
            LOG.info("Restoring from {}", restorePath);
            flink.set(StateRecoveryOptions.SAVEPOINT_PATH, restorePath);
            // State of an operator this job no longer has (the model-updates source of releases
            // before 2026-12-05) is dropped only when asked: otherwise Flink refuses the restore.
            flink.set(StateRecoveryOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE, config.allowNonRestoredState());
        } else if (config.restoreFrom() != null) {
            LOG.info("No checkpoint in {} yet: starting fresh (--restore-from {})", config.checkpointDir(), config.restoreFrom());
        }
        if (config.isReplay()) {
            flink.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.BATCH);
        }
        StreamExecutionEnvironment env;
        if (config.jobManager() != null) {
            // Submitted over the cluster's REST API; the job's classes are on the cluster's classpath
            // (its lib/ folder, or the local session cluster's classpath), so no jar is shipped.
            String[] hostPort = config.jobManager().split(":");
            env = StreamExecutionEnvironment.createRemoteEnvironment(hostPort[0], Integer.parseInt(hostPort[1]), flink);
        } else {
            env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
        }
        env.setParallelism(config.parallelism());
        env.setBufferTimeout(config.bufferTimeoutMs());
        if (!config.isReplay()) {
            // At-least-once delivery needs no barrier alignment.
            env.enableCheckpointing(config.checkpointIntervalMs(),
                    config.deliveryGuarantee() == DeliveryGuarantee.EXACTLY_ONCE
                            ? CheckpointingMode.EXACTLY_ONCE : CheckpointingMode.AT_LEAST_ONCE);
        }
        build(env, config);
        return env;
    }

    // OffsetResetStrategy is deprecated in kafka-clients 4.x but is what the Flink connector takes.
    @SuppressWarnings("deprecation")
    static void build(StreamExecutionEnvironment env, ScoringConfig config) {
        SchemaRegistryClientFactory registry = SchemaRegistryClientFactory.of(config.registryClient());
        Properties kafka = new Properties();
        kafka.putAll(config.kafka());

        OffsetsInitializer start = switch (config.startingOffsets()) {
            case COMMITTED -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
            case EARLIEST -> OffsetsInitializer.earliest();
            case LATEST -> OffsetsInitializer.latest();
        };
        var eventsBuilder = KafkaSource.<RawEvent>builder()
                .setBootstrapServers(config.bootstrapServers())
                .setTopics(config.inputTopic())
                .setGroupId(config.groupId())
                .setDeserializer(new RawEventDeserializer())
                .setProperties(kafka);
        ModelUpdateFeed.Factory modelUpdates = null;
        if (config.isReplay()) {
            // A replay scores a fixed range with the --model-dir model: no updates are read.
            eventsBuilder.setStartingOffsets(config.replayFrom() == null ? OffsetsInitializer.earliest()
                            : ReplayBound.parse(config.replayFrom(), "replay-from").offsets())
                    .setBounded(ReplayBound.parse(config.replayUntil(), "replay-until").offsets());
        } else {
            eventsBuilder.setStartingOffsets(start);
            // The compacted topic is read whole on a fresh start; after that the checkpoint has the positions.
            Properties updates = new Properties();
            updates.putAll(kafka);
            updates.setProperty("bootstrap.servers", config.bootstrapServers());
            modelUpdates = KafkaModelUpdateFeed.factory(config.modelUpdatesTopic(), updates);
        }
        KafkaSource<RawEvent> events = eventsBuilder.build();

        Sink<Prediction> predictions = config.outputDir() != null
                // Avro container files, one set of part files per task, finished when the replay ends.
                ? FileSink.forBulkFormat(new org.apache.flink.core.fs.Path(Path.of(config.outputDir()).toAbsolutePath().toUri()),
                        AvroWriters.forSpecificRecord(Prediction.class)).build()
                : sink(config, kafka, AvroRecordSerializer.predictions(config.predictionsTopic(),
                        ConfluentAvroFlinkSchemas.specificSerializer(Prediction.class, config.predictionsTopic(),
                                SubjectNameStrategy.TOPIC_NAME, true, registry)), "predictions");
        KafkaSink<DeadLetter> deadLetters = sink(config, kafka, new DeadLetterSerializer(config.deadLetterTopic()), "dlq");
        KafkaSink<Alert> alerts = sink(config, kafka, AvroRecordSerializer.alerts(config.alertsTopic(),
                ConfluentAvroFlinkSchemas.specificSerializer(Alert.class, config.alertsTopic(),
                        SubjectNameStrategy.TOPIC_NAME, true, registry)), "alerts");

        ScoringPipeline.build(env, events, modelUpdates, predictions, deadLetters, alerts,
                new ScoringSettings(config.maxBatchSize(), config.maxBatchWaitMs(), config.servedFeatures(), registry,
                        config.modelDir(), config.modelPublicKey(), config.modelCacheDir()),
                config.chainSource());
    }

    private static <T> KafkaSink<T> sink(ScoringConfig config, Properties kafka,
            KafkaRecordSerializationSchema<T> serializer, String name) {
        Properties producer = new Properties();
        // Latency first: send as soon as a record is there; acks=all keeps at-least-once honest.
        producer.setProperty("linger.ms", "0");
        producer.setProperty("acks", "all");
        producer.putAll(kafka);
        if (config.deliveryGuarantee() == DeliveryGuarantee.EXACTLY_ONCE) {
            // Must not exceed the broker's transaction.max.timeout.ms (15 minutes by default).
            producer.putIfAbsent("transaction.timeout.ms", "900000");
        }
        var builder = KafkaSink.<T>builder()
                .setBootstrapServers(config.bootstrapServers())
                .setRecordSerializer(serializer)
                .setDeliveryGuarantee(config.deliveryGuarantee())
                .setKafkaProducerConfig(producer);
        if (config.deliveryGuarantee() == DeliveryGuarantee.EXACTLY_ONCE) {
            // POOLING finds transactions a crashed or cancelled run left open by listing them on the
            // broker and aborts them; otherwise read_committed readers stall behind them until
            // transaction.timeout.ms.
            builder.setTransactionNamingStrategy(TransactionNamingStrategy.POOLING);
            builder.setTransactionalIdPrefix(config.groupId() + "-" + name + "-" + UUID.nameUUIDFromBytes(
                    (config.groupId() + config.predictionsTopic()).getBytes(StandardCharsets.UTF_8)));
        }
        return builder.build();
    }
}
