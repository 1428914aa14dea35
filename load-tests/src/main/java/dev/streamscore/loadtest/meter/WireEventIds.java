package dev.streamscore.loadtest.meter;

import java.nio.charset.StandardCharsets;

/**
 * Reads the event id straight from a Confluent wire-format Avro value whose first field is the
 * event id string (true of {@code Prediction} and of the demo {@code Transaction}): magic byte,
 * 4-byte schema id, then a zig-zag varint length and the UTF-8 bytes. Decoding whole records would
 * make the meter, not the system under test, the bottleneck at high rates.
 */
public final class WireEventIds {
    private static final int HEADER = 5;

    private WireEventIds() {
    }

    /** The first string field of the record, or null when the bytes are not of that shape. */
    public static String firstString(byte[] value) {
        if (value == null || value.length < HEADER + 1 || value[0] != 0) {
            return null;
        }
        int pos = HEADER;
        long raw = 0;
        int shift = 0;
        while (pos < value.length && shift < 64) {
            int b = value[pos++] & 0xff;
            raw |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                long length = (raw >>> 1) ^ -(raw & 1);
                if (length < 0 || pos + length > value.length) {
                    return null;
                }
                return new String(value, pos, (int) length, StandardCharsets.UTF_8);
            }
            shift += 7;
        }
        return null;
    }
}
