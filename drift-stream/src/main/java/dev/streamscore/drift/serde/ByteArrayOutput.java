package dev.streamscore.drift.serde;

import java.io.OutputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * A {@link java.io.ByteArrayOutputStream} without its locks, for the window state and internal
 * records that are encoded on every event through a {@link java.io.DataOutputStream} or an Avro
 * encoder, which call the stream once per field: the locked calls were about a tenth of
 * drift-stream's stream threads. Like the record being encoded, it belongs to one thread.
 */
public final class ByteArrayOutput extends OutputStream {
    private byte[] buffer;
    private int size;

    public ByteArrayOutput(int initialCapacity) {
        this.buffer = new byte[Math.max(16, initialCapacity)];
    }

    @Override
    public void write(int b) {
        ensureCapacity(size + 1);
        buffer[size++] = (byte) b;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        ensureCapacity(size + length);
        System.arraycopy(bytes, offset, buffer, size, length);
        size += length;
    }

    public int size() {
        return size;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buffer, size);
    }

    private void ensureCapacity(int needed) {
        if (needed > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(needed, buffer.length * 2));
        }
    }
}
