package dev.streamscore.drift.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UTFDataFormatException;
import org.junit.jupiter.api.Test;

/** State written by earlier releases through a DataOutputStream must read the same: the bytes are pinned here. */
class ByteArrayOutputTest {
    private static final String[] STRINGS = {"", "amount", "merchant_category=grocery", "caf\u00e9", "\u4e2d\u6587",
            "nul\u0000inside", "\u007f\u0080\u07ff\u0800\uffff", "\ud83d\ude00 surrogate pair"};

    @Test
    void asAnOutputStreamHoldsTheSameBytesAsTheJdksStreamWellPastItsFirstCapacity() throws IOException {
        ByteArrayOutputStream jdk = new ByteArrayOutputStream();
        ByteArrayOutput ours = new ByteArrayOutput(16);
        writeThrough(jdk);
        writeThrough(ours);
        assertThat(ours.size()).isEqualTo(jdk.size()).isGreaterThan(1_000);
        assertThat(ours.toByteArray()).isEqualTo(jdk.toByteArray());
    }

    @Test
    void refusesARangeOutsideTheArray() {
        ByteArrayOutput out = new ByteArrayOutput(16);
        assertThatThrownBy(() -> out.write(new byte[4], 2, 3)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(out.size()).isZero();
    }

    @Test
    void everyValueIsWrittenExactlyAsADataOutputStreamWritesIt() throws IOException {
        ByteArrayOutputStream reference = new ByteArrayOutputStream();
        writeEverything(new DataOutputStream(reference));
        ByteArrayOutput direct = new ByteArrayOutput(1); // starts small, so every kind of write also grows it
        writeEverything(direct);

        assertThat(direct.toByteArray()).isEqualTo(reference.toByteArray());
        assertThat(direct.size()).isEqualTo(reference.size());
    }

    @Test
    void longsInBulkAreTheSameBytesAsOneByOne() throws IOException {
        long[] values = {0, 1, -1, Long.MAX_VALUE, Long.MIN_VALUE, 123_456_789_012L};
        ByteArrayOutputStream reference = new ByteArrayOutputStream();
        DataOutputStream one = new DataOutputStream(reference);
        for (long v : values) {
            one.writeLong(v);
        }
        ByteArrayOutput bulk = new ByteArrayOutput(1);
        bulk.writeLongs(values);

        assertThat(bulk.toByteArray()).isEqualTo(reference.toByteArray());
    }

    @Test
    void aStringTooLongForItsLengthPrefixIsRefusedAndNothingWritten() {
        ByteArrayOutput out = new ByteArrayOutput(16);
        String tooLong = "\u0800".repeat(21_846); // 3 bytes each: 65,538 > 65,535

        assertThatThrownBy(() -> out.writeUTF(tooLong)).isInstanceOf(UTFDataFormatException.class);
        assertThatThrownBy(() -> new DataOutputStream(new ByteArrayOutputStream()).writeUTF(tooLong))
                .isInstanceOf(UTFDataFormatException.class);
        assertThat(out.size()).isZero();
    }

    private static void writeEverything(DataOutput out) throws IOException {
        out.write(0x1ff);
        out.write(new byte[] {1, 2, 3});
        out.write(new byte[] {4, 5, 6, 7}, 1, 2);
        out.writeBoolean(true);
        out.writeBoolean(false);
        out.writeByte(-129);
        out.writeShort(-2);
        out.writeShort(0x12345);
        out.writeChar('\u20ac');
        for (int v : new int[] {0, 1, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, 0x01020304}) {
            out.writeInt(v);
        }
        for (long v : new long[] {0, -1, Long.MAX_VALUE, Long.MIN_VALUE, 0x0102030405060708L}) {
            out.writeLong(v);
        }
        for (float v : new float[] {0f, -0f, 1.5f, Float.NaN, Float.NEGATIVE_INFINITY, Float.MIN_VALUE}) {
            out.writeFloat(v);
        }
        for (double v : new double[] {0.0, -0.0, -2.25e-300, Double.MAX_VALUE, Double.NaN, Double.MIN_VALUE}) {
            out.writeDouble(v);
        }
        for (String s : STRINGS) {
            out.writeUTF(s);
            out.writeBytes(s);
            out.writeChars(s);
        }
        out.writeUTF("x".repeat(65_535));
    }

    private static void writeThrough(OutputStream target) throws IOException {
        DataOutputStream out = new DataOutputStream(target);
        for (int i = 0; i < 100; i++) {
            out.writeByte(i);
            out.writeLong(i * 1_000_003L);
            out.writeUTF("feature-" + i);
            out.write(new byte[] {1, 2, 3, 4, 5}, 1, 3);
        }
        out.flush();
    }
}
