package dev.streamscore.scoring;

import dev.streamscore.config.ConfigValues;
import dev.streamscore.schemas.registry.SchemaRegistryClientConfig;
import dev.streamscore.scoring.model.ModelSignatures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.connector.base.DeliveryGuarantee;

/**
 * Everything the scoring job is configured with; see the README's table. Built from flags >
 * environment > properties file > the defaults {@link ScoringFlags} declares ({@link ConfigValues}).
 */
public record ScoringConfig(
        String bootstrapServers,
        String registryUrl,
        String inputTopic,
        String predictionsTopic,
        String deadLetterTopic,
        String modelUpdatesTopic,
        String alertsTopic,
        String groupId,
        String modelDir,
        int maxBatchSize,
        int maxBatchWaitMs,
        int bufferTimeoutMs,
        DeliveryGuarantee deliveryGuarantee,
        int checkpointIntervalMs,
        String checkpointDir,
        int parallelism,
        boolean servedFeatures,
        boolean chainSource,
        StartingOffsets startingOffsets,
        String restoreFrom,
        boolean allowNonRestoredState,
        String replayFrom,
        String replayUntil,
        String outputDir,
        String modelPublicKey,
        String modelCacheDir,
        String jobManager,
        Map<String, String> kafka,
        Map<String, String> registry) {

    /** {@code --restore-from} values that look for the newest checkpoint under {@code --checkpoint-dir}. */
    static final String LATEST = "latest";
    static final String LATEST_OR_FRESH = "latest-or-fresh";

    /** Where the job starts reading feature events when it has no checkpoint. */
    public enum StartingOffsets {
        /** The consumer group's committed offsets, else the earliest. */
        COMMITTED,
        EARLIEST,
        LATEST
    }

    public ScoringConfig {
        kafka = Map.copyOf(kafka);
        registry = Map.copyOf(registry);
        if (deliveryGuarantee == DeliveryGuarantee.NONE) {
            throw new IllegalArgumentException("--delivery-guarantee must be AT_LEAST_ONCE or EXACTLY_ONCE");
        }
        if ((LATEST.equalsIgnoreCase(restoreFrom) || LATEST_OR_FRESH.equalsIgnoreCase(restoreFrom)) && checkpointDir == null) {
            throw new IllegalArgumentException("--restore-from " + restoreFrom + " needs --checkpoint-dir to look in");
        }
        if (replayFrom != null && replayUntil == null) {
            throw new IllegalArgumentException("--replay-from needs --replay-until (latest, epoch millis or an ISO-8601 time)");
        }
        if (replayUntil != null && modelDir == null) {
            throw new IllegalArgumentException("--replay-until (batch mode) needs --model-dir: the model to replay with");
        }
        if (outputDir != null && replayUntil == null) {
            throw new IllegalArgumentException("--output-dir (Avro files) is for replays: add --replay-until");
        }
        if (jobManager != null && !jobManager.matches("[^:\\s]+:\\d{1,5}")) {
            throw new IllegalArgumentException("--jobmanager must be host:port of a Flink cluster's REST endpoint, got '"
                    + jobManager + "'");
        }
        if (replayFrom != null) {
            ReplayBound.parse(replayFrom, "replay-from");
        }
        if (replayUntil != null) {
            ReplayBound.parse(replayUntil, "replay-until");
        }
    }

    public static ScoringConfig from(String[] args, Map<String, String> environment) {
        ConfigValues v = ScoringFlags.SPEC.parse(args, environment);
        return new ScoringConfig(
                v.string("bootstrap-servers"),
                v.string("registry-url"),
                v.string("input-topic"),
                v.string("predictions-topic"),
                v.string("dead-letter-topic"),
                v.string("model-updates-topic"),
                v.string("alerts-topic"),
                v.string("group-id"),
                v.string("model-dir"),
                v.integer("max-batch-size", 1),
                v.integer("max-batch-wait-ms", 0),
                v.integer("buffer-timeout-ms", 0),
                v.enumeration("delivery-guarantee", DeliveryGuarantee.class),
                v.integer("checkpoint-interval-ms", 100),
                v.string("checkpoint-dir"),
                v.integer("parallelism", 1),
                v.bool("served-features"),
                v.bool("chain-source"),
                v.enumeration("starting-offsets", StartingOffsets.class),
                v.string("restore-from"),
                v.bool("allow-non-restored-state"),
                v.string("replay-from"),
                v.string("replay-until"),
                v.string("output-dir"),
                readKey(v.string("model-public-key")),
                v.string("model-cache-dir"),
                v.string("jobmanager"),
                v.kafkaProperties(),
                v.registryProperties());
    }

    /** The PEM text of the key file, checked to be an Ed25519 public key; null when not set. */
    private static String readKey(String path) {
        if (path == null) {
            return null;
        }
        try {
            String pem = Files.readString(Path.of(path));
            ModelSignatures.publicKey(pem);
            return pem;
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("--model-public-key " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * The checkpoint or savepoint to start from: the path given, the newest checkpoint under
     * {@code --checkpoint-dir} for {@code latest} (none found is an error: a job told to resume must
     * not silently start over), or for {@code latest-or-fresh} (none found: null, a fresh start);
     * null without {@code --restore-from}.
     */
    public String restorePath() {
        if (restoreFrom == null) {
            return null;
        }
        boolean latest = LATEST.equalsIgnoreCase(restoreFrom);
        if (!latest && !LATEST_OR_FRESH.equalsIgnoreCase(restoreFrom)) {
            return restoreFrom;
        }
        String found = LatestCheckpoint.find(Path.of(checkpointDir)).map(Path::toString).orElse(null);
        if (found == null && latest) {
            throw new IllegalArgumentException("--restore-from latest: no completed checkpoint under --checkpoint-dir "
                    + checkpointDir + "; use --restore-from latest-or-fresh to start fresh when there is none");
        }
        return found;
    }

    /** Whether this is a bounded replay (batch mode) rather than the live job. */
    public boolean isReplay() {
        return replayUntil != null;
    }

    /** The registry client settings: the URL plus any schema.registry.* / basic.auth.* pass-through. */
    public SchemaRegistryClientConfig registryClient() {
        Map<String, String> properties = new HashMap<>(registry);
        properties.put(SchemaRegistryClientConfig.URL, registryUrl);
        return SchemaRegistryClientConfig.fromProperties(properties);
    }

    /** As a record prints itself, but with the values of secret client settings (SASL JAAS, passwords) hidden. */
    @Override
    public String toString() {
        return ConfigValues.describe(this);
    }
}
