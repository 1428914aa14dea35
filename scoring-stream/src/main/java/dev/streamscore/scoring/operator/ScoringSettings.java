package dev.streamscore.scoring.operator;

import dev.streamscore.schemas.registry.SchemaRegistryClientFactory;
import dev.streamscore.scoring.model.ModelSignatures;
import java.io.Serializable;
import java.util.Objects;

/**
 * What the scoring operator needs, shipped with the job graph.
 *
 * @param maxBatchSize   events scored in one TensorFlow call at most
 * @param maxWaitMillis  longest an event waits for its batch to fill before it is scored anyway
 * @param servedFeatures whether predictions carry the raw feature values served (for skew and drift monitoring)
 * @param registry       how each task builds its schema registry client
 * @param initialModel   a bundle directory served as champion until the model-updates topic says
 *                       otherwise; null to wait for the topic
 * @param modelPublicKey PEM of the Ed25519 public key model updates must be signed with; null to
 *                       accept unsigned updates
 * @param modelCacheDir  where bundles fetched as zip archives are unpacked, one directory per checksum
 */
public record ScoringSettings(int maxBatchSize, long maxWaitMillis, boolean servedFeatures,
        SchemaRegistryClientFactory registry, String initialModel, String modelPublicKey, String modelCacheDir)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    public ScoringSettings {
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("max batch size must be >= 1, was " + maxBatchSize);
        }
        if (maxWaitMillis < 0) {
            throw new IllegalArgumentException("max batch wait must be >= 0 ms, was " + maxWaitMillis);
        }
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(modelCacheDir, "modelCacheDir");
        if (modelPublicKey != null) {
            ModelSignatures.publicKey(modelPublicKey);
        }
    }
}
