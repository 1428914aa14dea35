package dev.streamscore.schemas.registry;

import dev.streamscore.schemas.wire.Incompatibilities;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;

/**
 * A registry in memory, for unit tests that need no server: ids are content ids (one id per
 * distinct schema, whatever the subject, as Apicurio and Confluent assign them), compatibility is
 * checked with Avro's own rules at each subject's level (global default BACKWARD, as Confluent's).
 * Thread-safe. Integration tests use a real registry instead.
 */
public final class InMemorySchemaRegistryClient implements SchemaRegistryClient {
    private final Map<String, Integer> idsByCanonicalSchema = new TreeMap<>();
    private final Map<Integer, Schema> schemasById = new TreeMap<>();
    private final Map<String, List<RegisteredSchema>> subjects = new TreeMap<>();
    private final Map<String, CompatibilityLevel> levels = new TreeMap<>();
    private CompatibilityLevel globalLevel = CompatibilityLevel.BACKWARD;
    private int nextId;

    /** Ids start at 1. */
    public InMemorySchemaRegistryClient() {
        this(1);
    }

    /** Ids start at {@code firstId}, e.g. to reproduce a known wire-format test vector. */
    public InMemorySchemaRegistryClient(int firstId) {
        this.nextId = firstId;
    }

    @Override
    public synchronized int register(String subject, Schema schema) {
        List<RegisteredSchema> history = subjects.computeIfAbsent(subject, s -> new ArrayList<>());
        for (RegisteredSchema existing : history) {
            if (existing.schema().equals(schema)) {
                return existing.id();
            }
        }
        CompatibilityResult result = check(subject, schema);
        if (!result.compatible()) {
            throw new IncompatibleSchemaException("Schema being registered is incompatible with an earlier schema for subject '"
                    + subject + "': " + String.join("; ", result.messages()), 409, 409, null);
        }
        int id = idsByCanonicalSchema.computeIfAbsent(schema.toString(), s -> nextId++);
        schemasById.put(id, schema);
        history.add(new RegisteredSchema(subject, id, history.size() + 1, schema));
        return id;
    }

    @Override
    public synchronized Schema getById(int id) {
        Schema schema = schemasById.get(id);
        if (schema == null) {
            throw new SchemaNotFoundException("Schema id " + id + " not found", 404, 40403, null);
        }
        return schema;
    }

    @Override
    public synchronized RegisteredSchema getBySubjectVersion(String subject, String version) {
        List<RegisteredSchema> history = history(subject);
        if ("latest".equals(version)) {
            return history.get(history.size() - 1);
        }
        int number;
        try {
            number = Integer.parseInt(version);
        } catch (NumberFormatException e) {
            throw new SchemaRegistryException("Invalid version '" + version + "'", 422, 42202, e);
        }
        if (number < 1 || number > history.size()) {
            throw new SchemaNotFoundException("Version " + version + " of subject '" + subject + "' not found", 404, 40402, null);
        }
        return history.get(number - 1);
    }

    @Override
    public synchronized RegisteredSchema lookup(String subject, Schema schema) {
        for (RegisteredSchema existing : history(subject)) {
            if (existing.schema().equals(schema)) {
                return existing;
            }
        }
        throw new SchemaNotFoundException("Schema not found under subject '" + subject + "'", 404, 40403, null);
    }

    @Override
    public synchronized CompatibilityResult testCompatibility(String subject, Schema schema) {
        history(subject);
        return check(subject, schema);
    }

    @Override
    public synchronized void setCompatibility(String subject, CompatibilityLevel level) {
        if (subject == null) {
            globalLevel = level;
        } else {
            levels.put(subject, level);
        }
    }

    @Override
    public synchronized CompatibilityLevel getCompatibility(String subject) {
        return subject == null ? globalLevel : levels.getOrDefault(subject, globalLevel);
    }

    @Override
    public synchronized List<String> subjects() {
        return List.copyOf(subjects.keySet());
    }

    @Override
    public synchronized List<Integer> versions(String subject) {
        return history(subject).stream().map(RegisteredSchema::version).toList();
    }

    private List<RegisteredSchema> history(String subject) {
        List<RegisteredSchema> history = subjects.get(subject);
        if (history == null || history.isEmpty()) {
            throw new SchemaNotFoundException("Subject '" + subject + "' not found", 404, 40401, null);
        }
        return history;
    }

    private CompatibilityResult check(String subject, Schema candidate) {
        List<RegisteredSchema> history = subjects.getOrDefault(subject, List.of());
        if (history.isEmpty()) {
            return new CompatibilityResult(true, List.of());
        }
        CompatibilityLevel level = getCompatibility(subject);
        List<RegisteredSchema> against = level.name().endsWith("_TRANSITIVE")
                ? history : List.of(history.get(history.size() - 1));
        List<String> messages = new ArrayList<>();
        for (RegisteredSchema earlier : against) {
            boolean backward = level.name().startsWith("BACKWARD") || level.name().startsWith("FULL");
            boolean forward = level.name().startsWith("FORWARD") || level.name().startsWith("FULL");
            if (backward) {
                describe(SchemaCompatibility.checkReaderWriterCompatibility(candidate, earlier.schema()),
                        "new schema cannot read data written with version " + earlier.version(), messages);
            }
            if (forward) {
                describe(SchemaCompatibility.checkReaderWriterCompatibility(earlier.schema(), candidate),
                        "version " + earlier.version() + " cannot read data written with the new schema", messages);
            }
        }
        return new CompatibilityResult(messages.isEmpty(), messages);
    }

    private static void describe(SchemaCompatibility.SchemaPairCompatibility pair, String what, List<String> messages) {
        if (pair.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            messages.add(what + ": " + Incompatibilities.describe(pair.getResult()));
        }
    }
}
