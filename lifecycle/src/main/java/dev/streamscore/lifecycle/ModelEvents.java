package dev.streamscore.lifecycle;

import dev.streamscore.avro.ModelEvent;
import dev.streamscore.avro.ModelRole;
import dev.streamscore.schemas.registry.SchemaRegistryClient;
import dev.streamscore.schemas.serde.ConfluentAvroSerializer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** Writes lifecycle steps to {@code model-events}, keyed by model name, each acknowledged by every replica. */
final class ModelEvents implements AutoCloseable {
    /** Step names, as {@link ModelEvent#getStep()} carries them. */
    static final String GATE_PASSED = "gate_passed";
    static final String GATE_FAILED = "gate_failed";
    static final String PUBLISHED_SHADOW = "published_shadow";
    static final String RETRAIN_FAILED = "retrain_failed";
    static final String PROMOTED_CHALLENGER = "promoted_challenger";
    static final String PROMOTED_CHAMPION = "promoted_champion";
    static final String ROLLED_BACK = "rolled_back";
    static final String COMMAND = "command";

    private final KafkaProducer<String, Object> producer;
    private final String topic;
    private final String trigger;

    ModelEvents(Properties kafka, SchemaRegistryClient registry, String topic, String trigger) {
        Properties props = new Properties();
        props.putAll(kafka);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ConfluentAvroSerializer<>(registry));
        this.topic = topic;
        this.trigger = trigger;
    }

    ModelEvent write(String model, String candidate, String champion, String step, List<String> reasons,
            Map<String, Double> figures, String bundle) {
        return write(model, candidate, champion, step, null, reasons, figures, bundle);
    }

    /** @param role the role the step published the candidate in, promoted it to or rolled it back from */
    ModelEvent write(String model, String candidate, String champion, String step, ModelRole role, List<String> reasons,
            Map<String, Double> figures, String bundle) {
        ModelEvent event = ModelEvent.newBuilder()
                .setModelName(model)
                .setCandidateVersion(candidate)
                .setChampionVersion(champion)
                .setStep(step)
                .setRole(role)
                .setTrigger(trigger)
                .setReasons(List.copyOf(reasons))
                .setFigures(Map.copyOf(figures))
                .setBundle(bundle)
                .setTime(Instant.now())
                .build();
        try {
            producer.send(new ProducerRecord<>(topic, model, event)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while writing to " + topic, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Could not write the " + step + " event to " + topic + " (--model-events-topic): "
                    + e.getCause().getMessage(), e.getCause());
        }
        return event;
    }

    @Override
    public void close() {
        producer.close();
    }
}
