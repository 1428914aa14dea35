package dev.streamscore.schemas.flink;

import dev.streamscore.schemas.registry.SchemaRegistryClientFactory;
import dev.streamscore.schemas.wire.AvroClassTrust;
import org.apache.flink.formats.avro.SchemaCoder;

/**
 * Ships with the job graph (so it holds only a serializable client factory) and builds, on each
 * task, a {@link ConfluentSchemaCoder} with its own cached registry client.
 */
record ConfluentSchemaCoderProvider(String subject, boolean autoRegister, SchemaRegistryClientFactory registry)
        implements SchemaCoder.SchemaCoderProvider {
    private static final long serialVersionUID = 1L;

    ConfluentSchemaCoderProvider {
        // Runs on the client and again when a task deserializes the provider (records deserialize
        // through their canonical constructor), before flink-avro loads any generated class.
        AvroClassTrust.trustGeneratedClasses();
    }

    @Override
    public SchemaCoder get() {
        return new ConfluentSchemaCoder(subject, autoRegister, registry.create());
    }
}
