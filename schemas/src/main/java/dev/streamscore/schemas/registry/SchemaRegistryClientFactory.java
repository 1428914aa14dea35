package dev.streamscore.schemas.registry;

import java.io.Serializable;

/**
 * Builds a registry client where it is used (on a Flink task, say) from something small enough to
 * ship with a job graph.
 */
@FunctionalInterface
public interface SchemaRegistryClientFactory extends Serializable {
    SchemaRegistryClient create();

    /** The standard client (REST behind a cache) for a config. */
    static SchemaRegistryClientFactory of(SchemaRegistryClientConfig config) {
        return new ForConfig(config);
    }

    /** A record, so that Flink schemas holding it compare equal after a trip through serialization. */
    record ForConfig(SchemaRegistryClientConfig config) implements SchemaRegistryClientFactory {
        private static final long serialVersionUID = 1L;

        @Override
        public SchemaRegistryClient create() {
            return SchemaRegistryClients.create(config);
        }
    }
}
