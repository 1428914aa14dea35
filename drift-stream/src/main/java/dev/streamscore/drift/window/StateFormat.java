package dev.streamscore.drift.window;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
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

    static void writeLongs(DataOutput out, long[] values) throws IOException {
        out.writeInt(values.length);
        for (long v : values) {
            out.writeLong(v);
        }
    }

    static long[] readLongs(DataInput in) throws IOException {
        long[] values = new long[checkedLength(in.readInt())];
        for (int i = 0; i < values.length; i++) {
            values[i] = in.readLong();
        }
        return values;
    }

    static void writeDoubles(DataOutput out, double[] values) throws IOException {
        out.writeInt(values.length);
        for (double v : values) {
            out.writeDouble(v);
        }
    }

    static double[] readDoubles(DataInput in) throws IOException {
        double[] values = new double[checkedLength(in.readInt())];
        for (int i = 0; i < values.length; i++) {
            values[i] = in.readDouble();
        }
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
