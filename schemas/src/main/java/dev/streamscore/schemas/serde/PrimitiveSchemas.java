package dev.streamscore.schemas.serde;

import java.nio.ByteBuffer;
import org.apache.avro.Schema;

/**
 * The Avro schema of a plain Java value, as Confluent's serializers assign it, so a key or value
 * that is a string or a number is written in the same wire format other clients read.
 */
final class PrimitiveSchemas {
    private PrimitiveSchemas() {
    }

    /** The schema of {@code value}, or null when it is not an Avro primitive. */
    static Schema of(Object value) {
        if (value instanceof CharSequence) {
            return Schema.create(Schema.Type.STRING);
        }
        if (value instanceof Integer) {
            return Schema.create(Schema.Type.INT);
        }
        if (value instanceof Long) {
            return Schema.create(Schema.Type.LONG);
        }
        if (value instanceof Double) {
            return Schema.create(Schema.Type.DOUBLE);
        }
        if (value instanceof Float) {
            return Schema.create(Schema.Type.FLOAT);
        }
        if (value instanceof Boolean) {
            return Schema.create(Schema.Type.BOOLEAN);
        }
        if (value instanceof byte[] || value instanceof ByteBuffer) {
            return Schema.create(Schema.Type.BYTES);
        }
        return null;
    }

    /** The value as Avro's generic writer takes it (bytes as a ByteBuffer). */
    static Object datum(Object value) {
        return value instanceof byte[] bytes ? ByteBuffer.wrap(bytes) : value;
    }
}
