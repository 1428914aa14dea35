package dev.streamscore.drift;

import dev.streamscore.avro.Alert;
import dev.streamscore.avro.Label;
import dev.streamscore.avro.LabeledPrediction;
import dev.streamscore.avro.ModelBaseline;
import dev.streamscore.avro.ModelEvent;
import dev.streamscore.avro.MonitorMetric;
import dev.streamscore.avro.Prediction;
import dev.streamscore.drift.serde.RegistryWaitingDeserializer;
import dev.streamscore.schemas.registry.SchemaRegistryClient;
import dev.streamscore.schemas.serde.SpecificAvroSerde;
import java.time.Duration;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The serdes of drift-stream's input and output topics: Confluent wire-format Avro through the
 * schema registry, so any Confluent-compatible client reads and writes them. Tests pass an
 * in-memory registry. The inputs (predictions, labels, baselines) wait for an unavailable registry
 * ({@link RegistryWaitingDeserializer}) rather than dead-letter what they cannot read yet.
 */
public record DriftSerdes(
        Serde<Prediction> prediction,
        Serde<Label> label,
        Serde<ModelBaseline> modelBaseline,
        Serde<LabeledPrediction> labeledPrediction,
        Serde<MonitorMetric> monitorMetric,
        Serde<Alert> alert,
        Serde<ModelEvent> modelEvent) {

    /**
     * @param registry  the registry client
     * @param settings  serde settings with Confluent's names ({@code auto.register.schemas},
     *                  {@code value.subject.name.strategy}, ...)
     */
    public static DriftSerdes create(SchemaRegistryClient registry, Map<String, ?> settings) {
        return new DriftSerdes(
                waiting(serde(registry, Prediction.class, settings)),
                waiting(serde(registry, Label.class, settings)),
                waiting(serde(registry, ModelBaseline.class, settings)),
                serde(registry, LabeledPrediction.class, settings),
                serde(registry, MonitorMetric.class, settings),
                serde(registry, Alert.class, settings),
                serde(registry, ModelEvent.class, settings));
    }

    /** Under Kafka's 5-minute poll interval, so a waiting stream thread is not taken for a dead one. */
    static final Duration REGISTRY_WAIT = Duration.ofMinutes(2);

    private static <T> Serde<T> waiting(Serde<T> serde) {
        return Serdes.serdeFrom(serde.serializer(), new RegistryWaitingDeserializer<>(serde.deserializer(), REGISTRY_WAIT));
    }

    private static <T extends SpecificRecord> Serde<T> serde(SchemaRegistryClient registry, Class<T> type,
            Map<String, ?> settings) {
        SpecificAvroSerde<T> serde = new SpecificAvroSerde<>(registry, type);
        serde.configure(settings, false);
        return serde;
    }
}
