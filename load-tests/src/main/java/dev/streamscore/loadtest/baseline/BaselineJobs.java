package dev.streamscore.loadtest.baseline;

import dev.streamscore.scoring.io.RawEvent;
import dev.streamscore.scoring.io.RawEventDeserializer;
import java.time.Duration;
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
    /** ScoringConfig's defaults. */
    static final int BUFFER_TIMEOUT_MS = 2;
    static final int CHECKPOINT_INTERVAL_MS = 10_000;

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

    static KafkaSource<RawEvent> source(BaselineArgs args) {
        return KafkaSource.<RawEvent>builder()
                .setBootstrapServers(args.get("bootstrap-servers"))
                .setTopics(args.get("input-topic"))
                .setGroupId(args.get("group-id"))
                .setDeserializer(new RawEventDeserializer())
                .setStartingOffsets(OffsetsInitializer.latest())
                .build();
    }

    static <T> KafkaSink<T> sink(BaselineArgs args, KafkaRecordSerializationSchema<T> serializer) {
        Properties producer = new Properties();
        producer.setProperty("linger.ms", "0");
        producer.setProperty("acks", "all");
        return KafkaSink.<T>builder()
                .setBootstrapServers(args.get("bootstrap-servers"))
                .setRecordSerializer(serializer)
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .setKafkaProducerConfig(producer)
                .build();
    }
}
