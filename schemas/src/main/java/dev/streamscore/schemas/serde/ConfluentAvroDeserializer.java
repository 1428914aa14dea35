package dev.streamscore.schemas.serde;

import dev.streamscore.schemas.registry.SchemaRegistryClient;
import dev.streamscore.schemas.registry.SchemaRegistryClients;
import dev.streamscore.schemas.wire.AvroWireCodec;
import dev.streamscore.schemas.wire.ConfluentWireFormat;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * A Kafka {@link Deserializer} of Confluent wire-format Avro records, whichever client wrote them.
 * The writer schema is fetched by id from the registry once, then cached. Reads:
 * <ul>
 *   <li>as the given specific class (schema evolution resolves the writer's schema to the class's);</li>
 *   <li>with {@code specific.avro.reader=true}, as the generated class named by the writer schema;</li>
 *   <li>otherwise as a {@link org.apache.avro.generic.GenericRecord} in the writer's own schema, or in
 *       a given reader schema.</li>
 * </ul>
 * Null bytes give null. Bad bytes throw a {@link SerializationException} whose cause is a
 * {@link dev.streamscore.schemas.wire.WireFormatException} naming what is wrong.
 */
public class ConfluentAvroDeserializer<T> implements Deserializer<T> {
    private AvroWireCodec codec;
    private boolean ownsClient;
    private Schema readerSchema;
    private boolean specific;

    /** For Kafka's reflective construction: {@link #configure} creates the registry client. */
    public ConfluentAvroDeserializer() {
    }

    /** Reads generic records in their writer's schema (or specific ones, with {@code specific.avro.reader=true}). */
    public ConfluentAvroDeserializer(SchemaRegistryClient client) {
        this.codec = new AvroWireCodec(client);
    }

    /** Reads generic records resolved to {@code readerSchema}. */
    public ConfluentAvroDeserializer(SchemaRegistryClient client, Schema readerSchema) {
        this.codec = new AvroWireCodec(client);
        this.readerSchema = readerSchema;
    }

    /** Reads instances of a generated class. */
    public ConfluentAvroDeserializer(SchemaRegistryClient client, Class<T> specificClass) {
        this.codec = new AvroWireCodec(client);
        this.readerSchema = SpecificData.get().getSchema(specificClass);
        this.specific = true;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        if (AvroSerdeConfig.fromProperties(configs, isKey).specificAvroReader()) {
            specific = true;
        }
        if (codec == null) {
            codec = new AvroWireCodec(SchemaRegistryClients.create(configs));
            ownsClient = true;
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (codec == null) {
            throw new IllegalStateException("ConfluentAvroDeserializer is not configured: set schema.registry.url");
        }
        try {
            Schema reader = readerSchema;
            if (specific && reader == null) {
                reader = specificSchemaOf(codec.writerSchema(
                        ConfluentWireFormat.schemaId(data)));
            }
            return (T) codec.decode(data, reader, specific);
        } catch (RuntimeException e) {
            throw new SerializationException("Cannot deserialize a record of " + data.length + " bytes from topic "
                    + topic + ": " + e.getMessage(), e);
        }
    }

    private static Schema specificSchemaOf(Schema writer) {
        Class<?> generated = SpecificData.get().getClass(writer);
        if (generated == null) {
            throw new IllegalArgumentException("specific.avro.reader=true but no generated class "
                    + writer.getFullName() + " is on the classpath");
        }
        return SpecificData.get().getSchema(generated);
    }

    @Override
    public void close() {
        if (ownsClient && codec != null) {
            codec.registry().close();
        }
    }
}
