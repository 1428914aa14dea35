package dev.streamscore.schemas.serde;

import dev.streamscore.schemas.registry.SchemaRegistryClient;
import dev.streamscore.schemas.registry.SchemaRegistryClients;
import dev.streamscore.schemas.wire.AvroWireCodec;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A Kafka {@link Serializer} of Avro records (generic or specific), and of strings, numbers,
 * booleans and bytes as Avro primitives, in the Confluent wire format.
 * The record's schema is registered under the subject its {@link SubjectNameStrategy} names (or,
 * with {@code auto.register.schemas=false}, looked up), once per schema, then served from cache.
 * A null record is written as null (a tombstone).
 *
 * <p>Use it from configuration ({@code value.serializer=dev.streamscore.schemas.serde.ConfluentAvroSerializer}
 * plus {@code schema.registry.url}) or construct it with a client to share one cache.
 */
public class ConfluentAvroSerializer<T> implements Serializer<T> {
    private AvroWireCodec codec;
    private AvroSerdeConfig config;
    private boolean isKey;
    private boolean ownsClient;

    /** For Kafka's reflective construction: {@link #configure} creates the registry client. */
    public ConfluentAvroSerializer() {
    }

    /** With a shared client; {@link #configure} still reads the serde settings. */
    public ConfluentAvroSerializer(SchemaRegistryClient client) {
        this.codec = new AvroWireCodec(client);
        this.config = new AvroSerdeConfig(true, SubjectNameStrategy.TOPIC_NAME, false);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        this.isKey = isKey;
        this.config = AvroSerdeConfig.fromProperties(configs, isKey);
        if (codec == null) {
            codec = new AvroWireCodec(SchemaRegistryClients.create(configs));
            ownsClient = true;
        }
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        if (codec == null) {
            throw new IllegalStateException("ConfluentAvroSerializer is not configured: set schema.registry.url");
        }
        Schema schema = data instanceof GenericContainer container ? container.getSchema() : PrimitiveSchemas.of(data);
        if (schema == null) {
            throw new SerializationException("ConfluentAvroSerializer writes Avro records and Avro primitives "
                    + "(string, int, long, float, double, boolean, bytes); got a " + data.getClass().getName()
                    + " for topic " + topic);
        }
        String subject = config.subjectNameStrategy().subject(topic, isKey, schema);
        try {
            int id = config.autoRegisterSchemas()
                    ? codec.registry().register(subject, schema)
                    : codec.registry().lookup(subject, schema).id();
            return codec.encode(id, schema, PrimitiveSchemas.datum(data));
        } catch (RuntimeException e) {
            throw new SerializationException("Cannot serialize " + schema.getFullName() + " for topic " + topic
                    + " (subject " + subject + "): " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (ownsClient && codec != null) {
            codec.registry().close();
        }
    }
}
