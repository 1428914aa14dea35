package dev.streamscore.schemas.wire;

import java.nio.ByteBuffer;

/**
 * The Confluent wire format every Confluent-compatible client speaks: byte 0 is the magic byte 0,
 * bytes 1-4 the schema id as a big-endian int, the rest the Avro binary encoding of the record
 * (no container-file header).
 */
public final class ConfluentWireFormat {
    public static final byte MAGIC_BYTE = 0;
    public static final int HEADER_SIZE = 5;

    private ConfluentWireFormat() {
    }

    /** The 5 header bytes for a schema id. */
    public static byte[] header(int schemaId) {
        return ByteBuffer.allocate(HEADER_SIZE).put(MAGIC_BYTE).putInt(schemaId).array();
    }

    /** The schema id in the header of {@code data}, after checking the header is there. */
    public static int schemaId(byte[] data) {
        if (data == null || data.length == 0) {
            throw new WireFormatException(WireFormatException.Kind.EMPTY,
                    "Record value is empty: expected Confluent wire format (magic byte 0, 4-byte schema id, Avro)", null);
        }
        if (data[0] != MAGIC_BYTE) {
            throw new WireFormatException(WireFormatException.Kind.BAD_MAGIC_BYTE, String.format(
                    "First byte is 0x%02x, not the magic byte 0x00: the producer did not use a Confluent-compatible "
                            + "Avro serializer (a JSON or String serializer, say)", data[0]), null);
        }
        if (data.length < HEADER_SIZE) {
            throw new WireFormatException(WireFormatException.Kind.TRUNCATED_HEADER,
                    "Record value has " + data.length + " bytes, fewer than the 5-byte wire-format header", null);
        }
        return ByteBuffer.wrap(data, 1, 4).getInt();
    }
}
