package dev.streamscore.drift.window;

import dev.streamscore.drift.serde.ByteArrayOutput;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.TreeMap;

/**
 * Helpers for the compact binary form of window state. The state is read and written on every
 * update of a window (Kafka Streams stores bytes), so it is binary, not JSON; each top-level
 * state starts with a format byte so a later release can read what an earlier one wrote.
 */
final class StateFormat {
    private StateFormat() {
    }

    // Arrays go through one byte[] each: a DataOutputStream call per element (a locked write to the
    // ByteArrayOutputStream every 8 bytes) was a fifth of drift-stream's stream-thread profile, as
    // the window state is read and written on every record. The bytes are the same big-endian values.

    static void writeLongs(DataOutput out, long[] values) throws IOException {
        out.writeInt(values.length);
        if (out instanceof ByteArrayOutput direct) {
            direct.writeLongs(values);
            return;
        }
        byte[] bytes = new byte[values.length * Long.BYTES];
        ByteBuffer.wrap(bytes).asLongBuffer().put(values);
        out.write(bytes);
    }

    static long[] readLongs(DataInput in) throws IOException {
        long[] values = new long[checkedLength(in.readInt())];
        byte[] bytes = new byte[values.length * Long.BYTES];
        in.readFully(bytes);
        ByteBuffer.wrap(bytes).asLongBuffer().get(values);
        return values;
    }

    static void writeDoubles(DataOutput out, double[] values) throws IOException {
        out.write(encodeDoubles(values));
    }

    /** What {@link #writeDoubles} writes, for arrays that never change (encoded once, written as they are). */
    static byte[] encodeDoubles(double[] values) {
        byte[] bytes = new byte[Integer.BYTES + values.length * Double.BYTES];
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        buffer.putInt(values.length);
        buffer.asDoubleBuffer().put(values);
        return bytes;
    }

    static double[] readDoubles(DataInput in) throws IOException {
        double[] values = new double[checkedLength(in.readInt())];
        byte[] bytes = new byte[values.length * Double.BYTES];
        in.readFully(bytes);
        ByteBuffer.wrap(bytes).asDoubleBuffer().get(values);
        return values;
    }

    static void writeCounts(DataOutput out, Map<String, Long> counts) throws IOException {
        out.writeInt(counts.size());
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeLong(e.getValue());
        }
    }

    static Map<String, Long> readCounts(DataInput in) throws IOException {
        int size = checkedLength(in.readInt());
        Map<String, Long> counts = new TreeMap<>();
        for (int i = 0; i < size; i++) {
            counts.put(in.readUTF(), in.readLong());
        }
        return counts;
    }

    static void expectFormat(DataInput in, byte expected, String what) throws IOException {
        byte format = in.readByte();
        if (format != expected) {
            throw new IOException(what + " state has format " + format + ", this version reads " + expected);
        }
    }

    private static int checkedLength(int length) throws IOException {
        if (length < 0 || length > 1_000_000) {
            throw new IOException("Corrupt window state: length " + length);
        }
        return length;
    }
}
