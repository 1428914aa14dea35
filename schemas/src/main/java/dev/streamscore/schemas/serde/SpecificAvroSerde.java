package dev.streamscore.schemas.serde;

import dev.streamscore.schemas.registry.SchemaRegistryClient;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A {@link Serde} of generated Avro classes ({@code Prediction}, {@code Label}, ...) in the Confluent
 * wire format. Records written with an older or newer compatible schema are resolved to the class.
 */
public class SpecificAvroSerde<T extends SpecificRecord> implements Serde<T> {
    private final ConfluentAvroSerializer<T> serializer;
    private final ConfluentAvroDeserializer<T> deserializer;

    public SpecificAvroSerde(SchemaRegistryClient client, Class<T> type) {
        this.serializer = new ConfluentAvroSerializer<>(client);
        this.deserializer = new ConfluentAvroDeserializer<>(client, type);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        serializer.configure(configs, isKey);
        deserializer.configure(configs, isKey);
    }

    @Override
    public Serializer<T> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<T> deserializer() {
        return deserializer;
    }

    @Override
    public void close() {
        serializer.close();
        deserializer.close();
    }
}
