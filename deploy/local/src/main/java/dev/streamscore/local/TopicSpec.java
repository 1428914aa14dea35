package dev.streamscore.local;

import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A topic the local stack creates: name, partition count and topic-level configs (for example
 * {@code cleanup.policy=compact}). Replication factor is always 1 (single broker).
 *
 * @param name       a legal Kafka topic name
 * @param partitions number of partitions, at least 1
 * @param configs    topic configs passed verbatim to the broker; may be empty
 */
public record TopicSpec(String name, int partitions, Map<String, String> configs) {

    /** Kafka's own rule for topic names (Topic.LEGAL_CHARS, at most 249 characters). */
    private static final Pattern LEGAL_NAME = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    public TopicSpec {
        Objects.requireNonNull(name, "name");
        if (!LEGAL_NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("Illegal topic name '" + name
                    + "': use 1-249 characters from [a-zA-Z0-9._-]");
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("Topic '" + name + "' needs at least 1 partition, got " + partitions);
        }
        configs = Map.copyOf(configs);
    }

    /** A topic with the broker's default configs. */
    public static TopicSpec of(String name, int partitions) {
        return new TopicSpec(name, partitions, Map.of());
    }

    /** A log-compacted topic ({@code cleanup.policy=compact}): keeps the latest record per key. */
    public static TopicSpec compacted(String name, int partitions) {
        return new TopicSpec(name, partitions, Map.of("cleanup.policy", "compact"));
    }
}
