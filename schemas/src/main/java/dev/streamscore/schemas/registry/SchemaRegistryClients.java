package dev.streamscore.schemas.registry;

import java.util.Map;

/** Creates the client StreamScore uses everywhere: the REST client behind a cache. */
public final class SchemaRegistryClients {
    private SchemaRegistryClients() {
    }

    public static SchemaRegistryClient create(SchemaRegistryClientConfig config) {
        return new CachingSchemaRegistryClient(new RestSchemaRegistryClient(config));
    }

    /** From Confluent-named properties, e.g. a Kafka client's configuration map. */
    public static SchemaRegistryClient create(Map<String, ?> properties) {
        return create(SchemaRegistryClientConfig.fromProperties(properties));
    }
}
