package dev.streamscore.schemas.registry;

import java.util.Objects;
import org.apache.avro.Schema;

/** A schema as registered under a subject: its global id and its version within the subject. */
public record RegisteredSchema(String subject, int id, int version, Schema schema) {
    public RegisteredSchema {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(schema, "schema");
    }
}
