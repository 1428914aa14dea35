package dev.streamscore.drift.serde;

import dev.streamscore.drift.watermark.SourceProgress;
import dev.streamscore.drift.window.WindowKind;
import dev.streamscore.drift.window.WindowPartial;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/**
 * Binary forms of what travels from the join tasks to the window merge (partial counts, progress)
 * and of a task's stored progress: a format byte, a type byte, fixed fields, and the window
 * state's own binary form.
 */
final class WindowCodecs {
    private static final byte FORMAT = 1;
    private static final byte COUNTS = 'C';
    private static final byte PROGRESS = 'W';

    private WindowCodecs() {
    }

    static byte[] encode(WindowPartial partial) {
        try {
            ByteArrayOutput out = new ByteArrayOutput(partial instanceof WindowPartial.Counts c
                    ? c.state().length + 64 : 16);
            out.writeByte(FORMAT);
            if (partial instanceof WindowPartial.Counts c) {
                out.writeByte(COUNTS);
                out.writeByte(c.kind().code());
                out.writeUTF(c.modelKey());
                out.writeLong(c.start());
                out.writeInt(c.task());
                out.writeInt(c.state().length);
                out.write(c.state());
            } else {
                WindowPartial.Progress p = (WindowPartial.Progress) partial;
                out.writeByte(PROGRESS);
                out.writeInt(p.task());
                out.writeLong(p.time());
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static WindowPartial decodePartial(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            byte format = in.readByte();
            if (format != FORMAT) {
                throw new IOException("Window partial has format " + format + ", this version reads " + FORMAT);
            }
            byte type = in.readByte();
            if (type == PROGRESS) {
                return new WindowPartial.Progress(in.readInt(), in.readLong());
            }
            if (type != COUNTS) {
                throw new IOException("Unknown window partial type " + type);
            }
            WindowKind kind = WindowKind.of(in.readByte());
            String model = in.readUTF();
            long start = in.readLong();
            int task = in.readInt();
            int length = in.readInt();
            if (length < 0 || length > data.length) {
                throw new IOException("Corrupt window partial: state length " + length);
            }
            byte[] state = new byte[length];
            in.readFully(state);
            return new WindowPartial.Counts(kind, model, start, task, state);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read a window partial", e);
        }
    }

    static byte[] encode(SourceProgress progress) {
        byte[] bytes = new byte[Long.BYTES + 1];
        ByteBuffer.wrap(bytes).putLong(progress.time()).put((byte) (progress.idle() ? 1 : 0));
        return bytes;
    }

    static SourceProgress decodeProgress(byte[] bytes) {
        if (bytes.length != Long.BYTES + 1) {
            throw new UncheckedIOException(new IOException("Corrupt progress: " + bytes.length + " bytes"));
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        return new SourceProgress(b.getLong(), b.get() == 1);
    }
}
