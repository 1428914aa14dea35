package dev.streamscore.schemas.wire;

/**
 * Bytes that are not a valid Confluent wire-format Avro record. {@link #kind()} says what is wrong
 * in a word a dead-letter header or a metric can carry.
 */
public class WireFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What is wrong with the bytes. */
    public enum Kind {
        /** No bytes at all. */
        EMPTY,
        /** Fewer than the 5 header bytes. */
        TRUNCATED_HEADER,
        /** The first byte is not 0: not Confluent wire format (a JSON or String serializer, say). */
        BAD_MAGIC_BYTE,
        /** The schema id in the header is not known to the registry. */
        UNKNOWN_SCHEMA_ID,
        /** The Avro payload does not decode with the writer schema the header names. */
        BAD_PAYLOAD,
        /** The writer schema cannot be read as the reader schema (incompatible evolution). */
        INCOMPATIBLE_SCHEMA
    }

    private final Kind kind;

    public WireFormatException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
