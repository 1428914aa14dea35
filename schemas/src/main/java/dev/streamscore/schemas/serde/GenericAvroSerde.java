package dev.streamscore.schemas.serde;

import dev.streamscore.schemas.registry.SchemaRegistryClient;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** A {@link Serde} of {@link GenericRecord}s in the Confluent wire format, for any producer schema. */
public class GenericAvroSerde implements Serde<GenericRecord> {
    private final ConfluentAvroSerializer<GenericRecord> serializer;
    private final ConfluentAvroDeserializer<GenericRecord> deserializer;

    /** For Kafka's reflective construction: {@link #configure} creates the registry client. */
    public GenericAvroSerde() {
        this.serializer = new ConfluentAvroSerializer<>();
        this.deserializer = new ConfluentAvroDeserializer<>();
    }

    /** Reads records in their writer's schema. */
    public GenericAvroSerde(SchemaRegistryClient client) {
        this(client, null);
    }

    /** Reads records resolved to {@code readerSchema}. */
    public GenericAvroSerde(SchemaRegistryClient client, Schema readerSchema) {
        this.serializer = new ConfluentAvroSerializer<>(client);
        this.deserializer = new ConfluentAvroDeserializer<>(client, readerSchema);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        serializer.configure(configs, isKey);
        deserializer.configure(configs, isKey);
    }

    @Override
    public Serializer<GenericRecord> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<GenericRecord> deserializer() {
        return deserializer;
    }

    @Override
    public void close() {
        serializer.close();
        deserializer.close();
    }
}
