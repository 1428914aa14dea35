package dev.streamscore.schemas.registry;

import java.util.Objects;

/**
 * A Confluent schema reference: the named type {@code name} is defined by the schema registered
 * as {@code version} of {@code subject}.
 */
public record SchemaReference(String name, String subject, int version) {
    public SchemaReference {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(subject, "subject");
    }
}
