package dev.streamscore.scoring.publish;

import dev.streamscore.avro.ModelBaseline;
import dev.streamscore.avro.ModelRole;
import dev.streamscore.avro.ModelUpdate;
import dev.streamscore.model.bundle.ModelBundle;
import dev.streamscore.model.card.ModelCards;
import dev.streamscore.schemas.registry.SchemaRegistryClient;
import dev.streamscore.schemas.serde.ConfluentAvroSerializer;
import dev.streamscore.scoring.model.ModelSignatures;
import java.security.PrivateKey;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes a model version: first its baseline (the model card with the training profile) to
 * model-baselines keyed by model@version, so monitoring knows the version before it scores, then
 * the {@link ModelUpdate} to model-updates keyed by model@ROLE, which the scoring job applies live.
 * Both writes are acknowledged by all in-sync replicas before this returns.
 */
public final class ModelPublisher {
    private ModelPublisher() {
    }

    /** What was published. */
    public record Published(ModelUpdate update, String updateKey, String baselineKey) {
    }

    /**
     * @param location where the scoring job's tasks fetch the bundle from; null for this directory as
     *                 a file: URI (a path they share), or e.g. the http(s) URL of a zip of it
     */
    public static Published publish(ModelBundle bundle, ModelRole role, double trafficShare, boolean retire,
            String location, String publishedBy, Properties kafka, SchemaRegistryClient registry, String updatesTopic,
            String baselinesTopic) {
        return publish(bundle, role, trafficShare, retire, location, publishedBy, null, kafka, registry, updatesTopic,
                baselinesTopic);
    }

    /** As above, signing the update with {@code signingKey} (Ed25519) when it is not null. */
    public static Published publish(ModelBundle bundle, ModelRole role, double trafficShare, boolean retire,
            String location, String publishedBy, PrivateKey signingKey, Properties kafka, SchemaRegistryClient registry,
            String updatesTopic, String baselinesTopic) {
        if (!(trafficShare >= 0 && trafficShare <= 1)) {
            throw new IllegalArgumentException("--traffic-share must be within [0, 1], was " + trafficShare);
        }
        String checksum = bundle.checksum();
        // Millisecond precision, as the record carries it: the signature covers this value.
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        ModelUpdate update = ModelUpdate.newBuilder()
                .setModelName(bundle.card().name())
                .setModelVersion(bundle.card().version())
                .setRole(role)
                .setLocation(location != null ? location : bundle.directory().toAbsolutePath().toUri().toString())
                .setChecksum(checksum)
                .setTrafficShare(trafficShare)
                .setRetired(retire)
                .setPublishedTime(now)
                .setPublishedBy(publishedBy)
                .build();
        if (signingKey != null) {
            update.setSignature(ModelSignatures.sign(signingKey, update));
        }
        ModelBaseline baseline = ModelBaseline.newBuilder()
                .setModelName(bundle.card().name())
                .setModelVersion(bundle.card().version())
                .setChecksum(checksum)
                .setCardJson(ModelCards.toJson(bundle.card()))
                .setPublishedTime(now)
                .build();
        Properties props = new Properties();
        props.putAll(kafka);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        String updateKey = bundle.card().name() + "@" + role.name();
        String baselineKey = bundle.card().key();
        try (KafkaProducer<String, Object> producer =
                new KafkaProducer<>(props, new StringSerializer(), new ConfluentAvroSerializer<>(registry))) {
            if (!retire) {
                producer.send(new ProducerRecord<>(baselinesTopic, baselineKey, baseline)).get();
            }
            producer.send(new ProducerRecord<>(updatesTopic, updateKey, update)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while publishing " + baselineKey, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Could not publish " + baselineKey + ": " + e.getCause().getMessage(), e.getCause());
        }
        return new Published(update, updateKey, baselineKey);
    }
}
