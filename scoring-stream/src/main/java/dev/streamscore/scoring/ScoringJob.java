package dev.streamscore.scoring;

import dev.streamscore.avro.Alert;
import dev.streamscore.avro.Prediction;
import dev.streamscore.schemas.flink.ConfluentAvroFlinkSchemas;
import dev.streamscore.schemas.registry.SchemaRegistryClientFactory;
import dev.streamscore.schemas.serde.SubjectNameStrategy;
import dev.streamscore.scoring.io.AlertSerializer;
import dev.streamscore.scoring.io.DeadLetter;
import dev.streamscore.scoring.io.DeadLetterSerializer;
import dev.streamscore.scoring.io.PredictionSerializer;
import dev.streamscore.scoring.io.RawEvent;
import dev.streamscore.scoring.io.RawEventDeserializer;
import dev.streamscore.scoring.operator.ScoringSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
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
        ScoringConfig config;
        try {
            config = ScoringConfig.from(args, System.getenv());
        } catch (IllegalArgumentException e) {
            LOG.error("Invalid configuration: {}", e.getMessage());
            System.err.println("Invalid configuration: " + e.getMessage());
            System.exit(2);
            return;
        }
        JobExecutionResult result = environment(config).execute("StreamScore scoring");
        LOG.info("Scoring job finished after {} ms", result.getNetRuntime());
    }

    /** Starts the job without waiting for it; for embedding and tests. */
    public static JobClient start(ScoringConfig config) throws Exception {
        return environment(config).executeAsync("StreamScore scoring");
    }

    static StreamExecutionEnvironment environment(ScoringConfig config) {
        Configuration flink = new Configuration();
        flink.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        flink.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, Integer.MAX_VALUE);
        flink.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(2));
        if (config.checkpointDir() != null) {
            flink.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, config.checkpointDir());
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
        env.setParallelism(config.parallelism());
        env.setBufferTimeout(config.bufferTimeoutMs());
        env.enableCheckpointing(config.checkpointIntervalMs());
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
        KafkaSource<RawEvent> events = KafkaSource.<RawEvent>builder()
                .setBootstrapServers(config.bootstrapServers())
                .setTopics(config.inputTopic())
                .setGroupId(config.groupId())
                .setStartingOffsets(start)
                .setDeserializer(new RawEventDeserializer())
                .setProperties(kafka)
                .build();
        // The compacted topic is read whole on a fresh start; after that the checkpoint has the offsets.
        Properties updateProps = new Properties();
        updateProps.putAll(kafka);
        updateProps.setProperty("commit.offsets.on.checkpoint", "false");
        KafkaSource<RawEvent> modelUpdates = KafkaSource.<RawEvent>builder()
                .setBootstrapServers(config.bootstrapServers())
                .setTopics(config.modelUpdatesTopic())
                .setGroupId(config.groupId() + "-model-updates")
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setDeserializer(new RawEventDeserializer())
                .setProperties(updateProps)
                .build();

        KafkaSink<Prediction> predictions = sink(config, kafka, new PredictionSerializer(config.predictionsTopic(),
                ConfluentAvroFlinkSchemas.specificSerializer(Prediction.class, config.predictionsTopic(),
                        SubjectNameStrategy.TOPIC_NAME, true, registry)), "predictions");
        KafkaSink<DeadLetter> deadLetters = sink(config, kafka, new DeadLetterSerializer(config.deadLetterTopic()), "dlq");
        KafkaSink<Alert> alerts = sink(config, kafka, new AlertSerializer(config.alertsTopic(),
                ConfluentAvroFlinkSchemas.specificSerializer(Alert.class, config.alertsTopic(),
                        SubjectNameStrategy.TOPIC_NAME, true, registry)), "alerts");

        ScoringPipeline.build(env, events, modelUpdates, predictions, deadLetters, alerts,
                new ScoringSettings(config.maxBatchSize(), config.maxBatchWaitMs(), config.servedFeatures(), registry,
                        config.modelDir()));
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
            builder.setTransactionalIdPrefix(config.groupId() + "-" + name + "-" + UUID.nameUUIDFromBytes(
                    (config.groupId() + config.predictionsTopic()).getBytes(StandardCharsets.UTF_8)));
        }
        return builder.build();
    }
}
