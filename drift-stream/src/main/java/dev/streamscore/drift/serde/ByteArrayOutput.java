package dev.streamscore.drift.serde;

import java.io.DataOutput;
import java.io.OutputStream;
import java.io.UTFDataFormatException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * A {@link java.io.ByteArrayOutputStream} without its locks that is also a {@link DataOutput}, for
 * the window state and internal records encoded on every event. It writes the bytes a
 * {@link java.io.DataOutputStream} over a byte array writes, but puts each value into its array
 * directly: through a {@code DataOutputStream} every {@code int} was four calls and every
 * {@code long} a copy through a scratch buffer, and the encoding of the window state was a fifth
 * of drift-stream's stream threads. Like the record being encoded, it belongs to one thread.
 */
public final class ByteArrayOutput extends OutputStream implements DataOutput {
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

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
    public void write(byte[] bytes) {
        write(bytes, 0, bytes.length);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        ensureCapacity(size + length);
        System.arraycopy(bytes, offset, buffer, size, length);
        size += length;
    }

    @Override
    public void writeBoolean(boolean v) {
        write(v ? 1 : 0);
    }

    @Override
    public void writeByte(int v) {
        write(v);
    }

    @Override
    public void writeShort(int v) {
        ensureCapacity(size + Short.BYTES);
        SHORT.set(buffer, size, (short) v);
        size += Short.BYTES;
    }

    @Override
    public void writeChar(int v) {
        writeShort(v);
    }

    @Override
    public void writeInt(int v) {
        ensureCapacity(size + Integer.BYTES);
        INT.set(buffer, size, v);
        size += Integer.BYTES;
    }

    @Override
    public void writeLong(long v) {
        ensureCapacity(size + Long.BYTES);
        LONG.set(buffer, size, v);
        size += Long.BYTES;
    }

    @Override
    public void writeFloat(float v) {
        writeInt(Float.floatToIntBits(v));
    }

    @Override
    public void writeDouble(double v) {
        writeLong(Double.doubleToLongBits(v));
    }

    /** The values one after the other, as {@link #writeLong} writes each; no length. */
    public void writeLongs(long[] values) {
        ensureCapacity(size + values.length * Long.BYTES);
        for (long v : values) {
            LONG.set(buffer, size, v);
            size += Long.BYTES;
        }
    }

    @Override
    public void writeBytes(String s) {
        int length = s.length();
        ensureCapacity(size + length);
        for (int i = 0; i < length; i++) {
            buffer[size++] = (byte) s.charAt(i);
        }
    }

    @Override
    public void writeChars(String s) {
        int length = s.length();
        for (int i = 0; i < length; i++) {
            writeChar(s.charAt(i));
        }
    }

    /** Modified UTF-8 with a two-byte length, as {@link java.io.DataOutputStream#writeUTF} writes it. */
    @Override
    public void writeUTF(String s) throws UTFDataFormatException {
        int length = s.length();
        int encoded = length;
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if (c >= 0x80 || c == 0) {
                encoded += c >= 0x800 ? 2 : 1;
            }
        }
        if (encoded > 0xFFFF) {
            throw new UTFDataFormatException("encoded string too long: " + encoded + " bytes");
        }
        ensureCapacity(size + 2 + encoded);
        SHORT.set(buffer, size, (short) encoded);
        size += 2;
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if (c < 0x80 && c != 0) {
                buffer[size++] = (byte) c;
            } else if (c >= 0x800) {
                buffer[size++] = (byte) (0xE0 | ((c >> 12) & 0x0F));
                buffer[size++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                buffer[size++] = (byte) (0x80 | (c & 0x3F));
            } else {
                buffer[size++] = (byte) (0xC0 | ((c >> 6) & 0x1F));
                buffer[size++] = (byte) (0x80 | (c & 0x3F));
            }
        }
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
