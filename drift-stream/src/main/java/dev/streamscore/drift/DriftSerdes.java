package dev.streamscore.drift;

import dev.streamscore.avro.Alert;
import dev.streamscore.avro.Label;
import dev.streamscore.avro.LabeledPrediction;
import dev.streamscore.avro.ModelBaseline;
import dev.streamscore.avro.MonitorMetric;
import dev.streamscore.avro.Prediction;
import dev.streamscore.schemas.registry.SchemaRegistryClient;
import dev.streamscore.schemas.serde.SpecificAvroSerde;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/**
 * The serdes of drift-stream's input and output topics: Confluent wire-format Avro through the
 * schema registry, so any Confluent-compatible client reads and writes them. Tests pass an
 * in-memory registry.
 */
public record DriftSerdes(
        Serde<Prediction> prediction,
        Serde<Label> label,
        Serde<ModelBaseline> modelBaseline,
        Serde<LabeledPrediction> labeledPrediction,
        Serde<MonitorMetric> monitorMetric,
        Serde<Alert> alert) {

    /**
     * @param registry  the registry client
     * @param settings  serde settings with Confluent's names ({@code auto.register.schemas},
     *                  {@code value.subject.name.strategy}, ...)
     */
    public static DriftSerdes create(SchemaRegistryClient registry, Map<String, ?> settings) {
        return new DriftSerdes(
                serde(registry, Prediction.class, settings),
                serde(registry, Label.class, settings),
                serde(registry, ModelBaseline.class, settings),
                serde(registry, LabeledPrediction.class, settings),
                serde(registry, MonitorMetric.class, settings),
                serde(registry, Alert.class, settings));
    }

    private static <T extends SpecificRecord> Serde<T> serde(SchemaRegistryClient registry, Class<T> type,
            Map<String, ?> settings) {
        SpecificAvroSerde<T> serde = new SpecificAvroSerde<>(registry, type);
        serde.configure(settings, false);
        return serde;
    }
}
