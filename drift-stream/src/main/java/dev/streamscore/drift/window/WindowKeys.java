package dev.streamscore.drift.window;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Bytes;

/**
 * Keys of the window stores, as bytes that RocksDB orders usefully (times big-endian with the sign
 * bit flipped, so byte order is time order).
 */
final class WindowKeys {
    private WindowKeys() {
    }

    /**
     * A join task's partial counts: {@code [kind][start][late][model@version]}.
     *
     * @param late whether the window had already closed at this task when the counts began
     */
    record Partial(WindowKind kind, long start, boolean late, String modelKey) {
        Bytes bytes() {
            byte[] model = modelKey.getBytes(StandardCharsets.UTF_8);
            return Bytes.wrap(ByteBuffer.allocate(2 + Long.BYTES + model.length).put(kind.code())
                    .putLong(start ^ Long.MIN_VALUE).put((byte) (late ? 1 : 0)).put(model).array());
        }

        static Partial of(Bytes key) {
            ByteBuffer b = ByteBuffer.wrap(key.get());
            WindowKind kind = WindowKind.of(b.get());
            long start = b.getLong() ^ Long.MIN_VALUE;
            boolean late = b.get() == 1;
            return new Partial(kind, start, late, StandardCharsets.UTF_8.decode(b).toString());
        }
    }

    /** A merged window, ordered by when it closes: {@code [closesAt][kind][start][model@version]}. */
    record Merged(long closesAt, WindowKind kind, long start, String modelKey) {
        Bytes bytes() {
            byte[] model = modelKey.getBytes(StandardCharsets.UTF_8);
            return Bytes.wrap(ByteBuffer.allocate(1 + 2 * Long.BYTES + model.length).putLong(closesAt ^ Long.MIN_VALUE)
                    .put(kind.code()).putLong(start ^ Long.MIN_VALUE).put(model).array());
        }

        static Merged of(Bytes key) {
            ByteBuffer b = ByteBuffer.wrap(key.get());
            long closesAt = b.getLong() ^ Long.MIN_VALUE;
            WindowKind kind = WindowKind.of(b.get());
            long start = b.getLong() ^ Long.MIN_VALUE;
            return new Merged(closesAt, kind, start, StandardCharsets.UTF_8.decode(b).toString());
        }

        /** Above every key of a window closing before {@code closesAt}, below every other. */
        static Bytes closingBefore(long closesAt) {
            return Bytes.wrap(ByteBuffer.allocate(Long.BYTES).putLong(closesAt ^ Long.MIN_VALUE).array());
        }
    }
}
