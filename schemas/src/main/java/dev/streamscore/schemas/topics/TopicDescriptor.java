package dev.streamscore.schemas.topics;

import java.util.Objects;

/**
 * A StreamScore topic: its default name (every name is configurable), what its key is, the Avro
 * class of its value (null where the value is the producer's own record or raw bytes), and whether
 * it is compacted.
 */
public record TopicDescriptor<V>(String defaultName, String key, Class<V> valueType, boolean compacted, String doc) {
    public TopicDescriptor {
        Objects.requireNonNull(defaultName, "defaultName");
        Objects.requireNonNull(key, "key");
    }
}
