package dev.streamscore.scoring;

import dev.streamscore.config.SettingsSpec;
import dev.streamscore.schemas.topics.StreamScoreTopics;
import java.nio.file.Path;

/**
 * The scoring job's settings, declared once: {@link ScoringConfig#from} parses them, the job's
 * {@code --help} prints them, and the demo and the benchmarks render their flags from them. No Flink
 * types here, so that a launcher without Flink on its classpath can use it.
 */
public final class ScoringFlags {
    public static final SettingsSpec SPEC = SettingsSpec.builder("streamscore score",
                    "Run the Flink scoring job: feature events from Kafka scored with TensorFlow, predictions to Kafka.")
            .connection()
            .add("input-topic", StreamScoreTopics.FEATURE_EVENTS.defaultName(), "feature events (the producer's own Avro schema)")
            .add("predictions-topic", StreamScoreTopics.PREDICTIONS.defaultName(), "where predictions go")
            .add("dead-letter-topic", StreamScoreTopics.FEATURE_EVENTS_DLQ.defaultName(), "events that cannot be scored, with the reason")
            .add("model-updates-topic", StreamScoreTopics.MODEL_UPDATES.defaultName(), "model versions to serve (compacted)")
            .add("alerts-topic", StreamScoreTopics.ALERTS.defaultName(), "rejected model updates are reported here")
            .add("group-id", "streamscore-scoring", "consumer group (offsets committed on checkpoints) and transactional id prefix")
            .add("model-dir", null, "a bundle to serve as champion until model-updates says otherwise")
            .add("model-public-key", null, "Ed25519 public key (PEM file) model updates must be signed with")
            .add("model-cache-dir", Path.of(System.getProperty("java.io.tmpdir"), "streamscore-bundles"),
                    "where bundles published as zip archives are unpacked (one directory per checksum)")
            .add("max-batch-size", 64, "events per TensorFlow call at most")
            .add("max-batch-wait-ms", 5, "longest an event waits for its batch to fill")
            .add("buffer-timeout-ms", 2, "Flink network buffer timeout (latency vs throughput)")
            .add("chain-source", true, "run the events source in the scoring task; false gives it a task of its own")
            .add("delivery-guarantee", "at-least-once", "at-least-once or exactly-once (Kafka transactions committed at checkpoints)")
            .add("checkpoint-interval-ms", 10_000, "also the latency floor of exactly-once for read_committed readers")
            .add("checkpoint-dir", null, "durable checkpoints, kept on cancel (none: in memory)")
            .add("restore-from", null, "a checkpoint or savepoint path; latest (refuses to start when there is none); latest-or-fresh")
            .add("allow-non-restored-state", false, "with --restore-from: drop the state of operators this job no longer has")
            .add("parallelism", 1, "parallel scoring tasks")
            .add("jobmanager", null, "host:port of a Flink session cluster's REST API to submit to (none: a MiniCluster here)")
            .add("served-features", true, "copy the raw feature values into predictions (drift and skew monitoring need them)")
            .add("starting-offsets", "committed", "without a checkpoint: committed (else earliest), earliest or latest")
            .add("replay-from", null, "batch replay: first event time (epoch millis, ISO-8601 or earliest)")
            .add("replay-until", null, "batch replay: last event time (epoch millis, ISO-8601 or latest); needs --model-dir")
            .add("output-dir", null, "batch replay: write predictions as Avro files here instead of Kafka")
            .build();

    private ScoringFlags() {
    }
}
