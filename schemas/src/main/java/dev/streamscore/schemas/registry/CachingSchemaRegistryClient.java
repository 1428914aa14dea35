package dev.streamscore.schemas.registry;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * Caches what never changes in a registry: the schema behind an id, and the id a schema has under
 * a subject. So a serializer asks the registry once per (subject, schema) and a deserializer once
 * per writer schema id, then works from memory, also while the registry is down. Compatibility,
 * configuration and "latest" lookups are always passed through.
 */
public final class CachingSchemaRegistryClient implements SchemaRegistryClient {
    /** Past this many entries a cache is cleared: a guard against unbounded growth, not an LRU. */
    static final int DEFAULT_CAPACITY = 10_000;

    private final SchemaRegistryClient delegate;
    private final int capacity;
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final Map<SubjectSchema, Integer> idsBySubjectSchema = new ConcurrentHashMap<>();
    private final Map<SubjectSchema, RegisteredSchema> lookups = new ConcurrentHashMap<>();
    private final Map<SubjectVersion, RegisteredSchema> versions = new ConcurrentHashMap<>();

    public CachingSchemaRegistryClient(SchemaRegistryClient delegate) {
        this(delegate, DEFAULT_CAPACITY);
    }

    public CachingSchemaRegistryClient(SchemaRegistryClient delegate, int capacity) {
        this.delegate = delegate;
        this.capacity = capacity;
    }

    @Override
    public int register(String subject, Schema schema) {
        SubjectSchema key = new SubjectSchema(subject, schema);
        Integer cached = idsBySubjectSchema.get(key);
        if (cached != null) {
            return cached;
        }
        int id = delegate.register(subject, schema);
        put(idsBySubjectSchema, key, id);
        put(schemasById, id, schema);
        return id;
    }

    @Override
    public Schema getById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        Schema schema = delegate.getById(id);
        put(schemasById, id, schema);
        return schema;
    }

    @Override
    public RegisteredSchema getBySubjectVersion(String subject, String version) {
        if (!version.chars().allMatch(Character::isDigit)) {
            return delegate.getBySubjectVersion(subject, version);
        }
        SubjectVersion key = new SubjectVersion(subject, Integer.parseInt(version));
        RegisteredSchema cached = versions.get(key);
        if (cached != null) {
            return cached;
        }
        RegisteredSchema found = delegate.getBySubjectVersion(subject, version);
        put(versions, key, found);
        put(schemasById, found.id(), found.schema());
        return found;
    }

    @Override
    public RegisteredSchema lookup(String subject, Schema schema) {
        SubjectSchema key = new SubjectSchema(subject, schema);
        RegisteredSchema cached = lookups.get(key);
        if (cached != null) {
            return cached;
        }
        RegisteredSchema found = delegate.lookup(subject, schema);
        put(lookups, key, found);
        put(idsBySubjectSchema, key, found.id());
        put(schemasById, found.id(), found.schema());
        return found;
    }

    @Override
    public CompatibilityResult testCompatibility(String subject, Schema schema) {
        return delegate.testCompatibility(subject, schema);
    }

    @Override
    public void setCompatibility(String subject, CompatibilityLevel level) {
        delegate.setCompatibility(subject, level);
    }

    @Override
    public CompatibilityLevel getCompatibility(String subject) {
        return delegate.getCompatibility(subject);
    }

    @Override
    public List<String> subjects() {
        return delegate.subjects();
    }

    @Override
    public List<Integer> versions(String subject) {
        return delegate.versions(subject);
    }

    @Override
    public void close() {
        delegate.close();
    }

    private <K, V> void put(Map<K, V> cache, K key, V value) {
        if (cache.size() >= capacity) {
            cache.clear();
        }
        cache.put(key, value);
    }

    private record SubjectSchema(String subject, Schema schema) {
    }

    private record SubjectVersion(String subject, int version) {
    }
}
