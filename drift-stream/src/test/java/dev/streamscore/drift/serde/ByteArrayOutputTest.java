package dev.streamscore.drift.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import org.junit.jupiter.api.Test;

class ByteArrayOutputTest {
    @Test
    void holdsTheSameBytesAsTheJdksStreamWellPastItsFirstCapacity() throws IOException {
        ByteArrayOutputStream jdk = new ByteArrayOutputStream();
        ByteArrayOutput ours = new ByteArrayOutput(16);
        write(jdk);
        write(ours);
        assertThat(ours.size()).isEqualTo(jdk.size()).isGreaterThan(1_000);
        assertThat(ours.toByteArray()).isEqualTo(jdk.toByteArray());
    }

    @Test
    void refusesARangeOutsideTheArray() {
        ByteArrayOutput out = new ByteArrayOutput(16);
        assertThatThrownBy(() -> out.write(new byte[4], 2, 3)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(out.size()).isZero();
    }

    private static void write(OutputStream target) throws IOException {
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
