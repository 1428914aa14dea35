package dev.streamscore.schemas.registry;

import java.util.List;
import org.apache.avro.Schema;

/**
 * The operations StreamScore needs from a Confluent-compatible schema registry (Confluent Schema
 * Registry, Apicurio's ccompat API, Karapace, Redpanda). Avro schemas only. A schema that
 * references others (Confluent schema references) is read as one self-contained schema, with the
 * referenced types defined in it; {@link RestSchemaRegistryClient#register(String, String, List)}
 * registers one.
 *
 * <p>Every method throws a {@link SchemaRegistryException} subclass that says what failed:
 * {@link SchemaRegistryUnavailableException} (unreachable, timed out, 5xx after retries),
 * {@link IncompatibleSchemaException} (409), {@link SchemaNotFoundException} (unknown id, subject or
 * version), {@link InvalidSchemaException} (422), {@link SchemaRegistryAuthException} (401/403).
 */
public interface SchemaRegistryClient extends AutoCloseable {

    /** Registers {@code schema} under {@code subject} (idempotent) and returns its schema id. */
    int register(String subject, Schema schema);

    /** The schema with this id, as the writer of a record in wire format registered it. */
    Schema getById(int id);

    /** A version of a subject; {@code version} is a number or {@code "latest"}. */
    RegisteredSchema getBySubjectVersion(String subject, String version);

    /** The registration of {@code schema} under {@code subject}, without registering it. */
    RegisteredSchema lookup(String subject, Schema schema);

    /** Whether {@code schema} may be registered under {@code subject} by its compatibility level. */
    CompatibilityResult testCompatibility(String subject, Schema schema);

    /** Sets the compatibility level of a subject, or the global default when subject is null. */
    void setCompatibility(String subject, CompatibilityLevel level);

    /** The compatibility level of a subject, or the global default when subject is null. */
    CompatibilityLevel getCompatibility(String subject);

    /** All subjects the registry knows. */
    List<String> subjects();

    /** The versions registered under a subject, oldest first. */
    List<Integer> versions(String subject);

    @Override
    default void close() {
    }
}
