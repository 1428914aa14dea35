package dev.streamscore.drift.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class StateFormatTest {
    private static final long[] LONGS = {0, 1, -1, Long.MAX_VALUE, Long.MIN_VALUE, 123_456_789_012L};
    private static final double[] DOUBLES = {0.0, -0.0, 1.5, -2.25e-300, Double.MAX_VALUE,
            Double.NEGATIVE_INFINITY, Double.MIN_VALUE};

    /** State written by earlier releases (one DataOutput call per element) must stay readable. */
    @Test
    void arraysAreWrittenExactlyAsElementByElementDataOutputWroteThem() throws IOException {
        ByteArrayOutputStream earlier = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(earlier);
        out.writeInt(LONGS.length);
        for (long v : LONGS) {
            out.writeLong(v);
        }
        out.writeInt(DOUBLES.length);
        for (double v : DOUBLES) {
            out.writeDouble(v);
        }

        ByteArrayOutputStream now = new ByteArrayOutputStream();
        DataOutputStream bulk = new DataOutputStream(now);
        StateFormat.writeLongs(bulk, LONGS);
        StateFormat.writeDoubles(bulk, DOUBLES);

        assertThat(now.toByteArray()).isEqualTo(earlier.toByteArray());
    }

    @Test
    void arraysReadBackWhatWasWritten() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        StateFormat.writeLongs(out, LONGS);
        StateFormat.writeDoubles(out, DOUBLES);
        StateFormat.writeLongs(out, new long[0]);
        out.writeUTF("after");

        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
        assertThat(StateFormat.readLongs(in)).containsExactly(LONGS);
        assertThat(StateFormat.readDoubles(in)).containsExactly(DOUBLES);
        assertThat(StateFormat.readLongs(in)).isEmpty();
        assertThat(in.readUTF()).isEqualTo("after");
    }

    @Test
    void aTruncatedArrayIsAnErrorNotAShortArray() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        StateFormat.writeLongs(out, LONGS);
        byte[] truncated = Arrays.copyOf(bytes.toByteArray(), bytes.size() - 3);

        assertThatThrownBy(() -> StateFormat.readLongs(new DataInputStream(new ByteArrayInputStream(truncated))))
                .isInstanceOf(EOFException.class);
    }
}
