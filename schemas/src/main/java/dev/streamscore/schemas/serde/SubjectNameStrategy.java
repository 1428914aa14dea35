package dev.streamscore.schemas.serde;

import java.util.Locale;
import org.apache.avro.Schema;

/**
 * How a serializer names the registry subject of a record, as Confluent's strategies do, so that
 * StreamScore and other Confluent-compatible clients agree on subjects.
 */
public enum SubjectNameStrategy {
    /** {@code <topic>-key} / {@code <topic>-value}: one schema lineage per topic (Confluent's default). */
    TOPIC_NAME,
    /** The record's full name: one lineage per record type, across topics. */
    RECORD_NAME,
    /** {@code <topic>-<record full name>}: several record types per topic. */
    TOPIC_RECORD_NAME;

    public static final String KEY_CONFIG = "key.subject.name.strategy";
    public static final String VALUE_CONFIG = "value.subject.name.strategy";

    public String subject(String topic, boolean isKey, Schema schema) {
        return switch (this) {
            case TOPIC_NAME -> topic + (isKey ? "-key" : "-value");
            case RECORD_NAME -> recordName(schema);
            case TOPIC_RECORD_NAME -> topic + "-" + recordName(schema);
        };
    }

    /**
     * Accepts our names ({@code TOPIC_NAME}), Confluent's class names
     * ({@code io.confluent.kafka.serializers.subject.TopicNameStrategy}) and their simple names.
     */
    public static SubjectNameStrategy parse(String value, String configKey) {
        if (value == null || value.isBlank()) {
            return TOPIC_NAME;
        }
        String simple = value.substring(value.lastIndexOf('.') + 1).trim();
        String normalized = simple.replace("_", "").toLowerCase(Locale.ROOT);
        return switch (normalized) {
            case "topicnamestrategy", "topicname" -> TOPIC_NAME;
            case "recordnamestrategy", "recordname" -> RECORD_NAME;
            case "topicrecordnamestrategy", "topicrecordname" -> TOPIC_RECORD_NAME;
            default -> throw new IllegalArgumentException(configKey + " must be TopicNameStrategy, RecordNameStrategy "
                    + "or TopicRecordNameStrategy, was '" + value + "'");
        };
    }

    private static String recordName(Schema schema) {
        if (schema.getType() != Schema.Type.RECORD) {
            throw new IllegalArgumentException(
                    "Record-name subject strategies need a record schema, got " + schema.getType());
        }
        return schema.getFullName();
    }
}
