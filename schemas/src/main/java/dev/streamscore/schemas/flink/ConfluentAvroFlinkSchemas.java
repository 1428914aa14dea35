package dev.streamscore.schemas.flink;

import dev.streamscore.schemas.registry.SchemaRegistryClientFactory;
import dev.streamscore.schemas.serde.SubjectNameStrategy;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.formats.avro.RegistryAvroDeserializationSchema;
import org.apache.flink.formats.avro.RegistryAvroSerializationSchema;

/**
 * Flink (de)serialization schemas for Avro records in the Confluent wire format, built on
 * flink-avro's registry schemas with a {@link ConfluentSchemaCoder}: a Flink KafkaSource or
 * KafkaSink speaks the same bytes as every Confluent-compatible client. Pass
 * {@code SchemaRegistryClientFactory.of(config)} for a real registry.
 */
public final class ConfluentAvroFlinkSchemas {
    private ConfluentAvroFlinkSchemas() {
    }

    /** Writes generated records; the schema is registered under the strategy's subject for {@code topic}. */
    public static <T extends SpecificRecord> SerializationSchema<T> specificSerializer(
            Class<T> type, String topic, SubjectNameStrategy strategy, boolean autoRegister,
            SchemaRegistryClientFactory registry) {
        Schema schema = SpecificData.get().getSchema(type);
        String subject = strategy.subject(topic, false, schema);
        return RegistryAvroSerializationSchema.forSpecific(
                type, new ConfluentSchemaCoderProvider(subject, autoRegister, registry));
    }

    /** Writes generic records of one schema. */
    public static SerializationSchema<GenericRecord> genericSerializer(
            Schema schema, String topic, SubjectNameStrategy strategy, boolean autoRegister,
            SchemaRegistryClientFactory registry) {
        String subject = strategy.subject(topic, false, schema);
        return RegistryAvroSerializationSchema.forGeneric(
                schema, new ConfluentSchemaCoderProvider(subject, autoRegister, registry));
    }

    /** Reads generated records; writer schemas are resolved to the class's schema. */
    public static <T extends SpecificRecord> DeserializationSchema<T> specificDeserializer(
            Class<T> type, SchemaRegistryClientFactory registry) {
        return new RegistryAvroDeserializationSchema<>(type, null, new ConfluentSchemaCoderProvider(null, false, registry));
    }

    /** Reads generic records resolved to {@code readerSchema}. */
    public static DeserializationSchema<GenericRecord> genericDeserializer(
            Schema readerSchema, SchemaRegistryClientFactory registry) {
        return new RegistryAvroDeserializationSchema<>(
                GenericRecord.class, readerSchema, new ConfluentSchemaCoderProvider(null, false, registry));
    }
}
