package dev.streamscore.loadtest.baseline;

import dev.streamscore.config.ConfigValues;
import dev.streamscore.config.SettingsSpec;
import dev.streamscore.scoring.ScoringFlags;
import dev.streamscore.scoring.io.RawEvent;
import dev.streamscore.scoring.io.RawEventDeserializer;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * What the baseline jobs share with the scoring job, so the comparison is of the work in between:
 * the same Kafka source (raw bytes, {@link RawEventDeserializer}), the same sink settings
 * (linger 0, acks=all, at-least-once), buffer timeout and checkpoint interval as ScoringJob's
 * defaults, parallelism 1, a local MiniCluster.
 */
final class BaselineJobs {
    /** The scoring job's defaults. */
    static final int BUFFER_TIMEOUT_MS = Integer.parseInt(ScoringFlags.SPEC.defaultValue("buffer-timeout-ms"));
    static final int CHECKPOINT_INTERVAL_MS = Integer.parseInt(ScoringFlags.SPEC.defaultValue("checkpoint-interval-ms"));

    /** The settings of the baseline mains, each of which reads the ones it needs; read from flags only. */
    static final SettingsSpec SPEC = SettingsSpec.builder("load-tests baseline",
                    "A baseline system of the load tests (pass-through job, remote-scoring job, model server).")
            .add("bootstrap-servers", null, "Kafka bootstrap servers")
            .add("registry-url", null, "schema registry")
            .add("input-topic", null, "feature events")
            .add("output-topic", null, "where outputs go")
            .add("group-id", null, "consumer group")
            .add("bundle", null, "the model bundle")
            .add("server-url", null, "the model server's scoring URL")
            .add("capacity", 64, "async I/O requests in flight")
            .add("port", null, "the model server's port")
            .build();

    static ConfigValues settings(String[] args) {
        return SPEC.parse(args, Map.of());
    }

    private BaselineJobs() {
    }

    static StreamExecutionEnvironment environment() {
        Configuration flink = new Configuration();
        flink.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        flink.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, Integer.MAX_VALUE);
        flink.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(2));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
        env.setParallelism(1);
        env.setBufferTimeout(BUFFER_TIMEOUT_MS);
        env.enableCheckpointing(CHECKPOINT_INTERVAL_MS, CheckpointingMode.AT_LEAST_ONCE);
        return env;
    }

    static KafkaSource<RawEvent> source(ConfigValues args) {
        return KafkaSource.<RawEvent>builder()
                .setBootstrapServers(args.required("bootstrap-servers"))
                .setTopics(args.required("input-topic"))
                .setGroupId(args.required("group-id"))
                .setDeserializer(new RawEventDeserializer())
                .setStartingOffsets(OffsetsInitializer.latest())
                .build();
    }

    static <T> KafkaSink<T> sink(ConfigValues args, KafkaRecordSerializationSchema<T> serializer) {
        Properties producer = new Properties();
        producer.setProperty("linger.ms", "0");
        producer.setProperty("acks", "all");
        return KafkaSink.<T>builder()
                .setBootstrapServers(args.required("bootstrap-servers"))
                .setRecordSerializer(serializer)
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .setKafkaProducerConfig(producer)
                .build();
    }
}
