package dev.streamscore.drift.join;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Bytes;

/**
 * Keys of the join's time index: {@code [kind][time][event id]}, ordered by kind, then event time,
 * then event id (RocksDB orders keys by their bytes; the time is big-endian with its sign bit
 * flipped, so byte order is time order for negative times too). A range scan of one kind up to a
 * time visits exactly the entries due, which is what lets the join expire state by the watermark
 * rather than by Kafka Streams' own stream time.
 */
final class TimeIndex {
    static final byte PREDICTION = 'P';
    static final byte LABEL = 'L';
    static final byte UNMATCHED_LABEL = 'U';

    private TimeIndex() {
    }

    static Bytes key(byte kind, long time, String eventId) {
        byte[] id = eventId.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(1 + Long.BYTES + id.length).put(kind).putLong(time ^ Long.MIN_VALUE).put(id).array());
    }

    /** The lowest key of {@code kind} at {@code time}; every key of that kind and time is above it. */
    static Bytes lowest(byte kind, long time) {
        return Bytes.wrap(ByteBuffer.allocate(1 + Long.BYTES).put(kind).putLong(time ^ Long.MIN_VALUE).array());
    }

    static long time(Bytes key) {
        return ByteBuffer.wrap(key.get(), 1, Long.BYTES).getLong() ^ Long.MIN_VALUE;
    }

    static String eventId(Bytes key) {
        byte[] bytes = key.get();
        return new String(bytes, 1 + Long.BYTES, bytes.length - 1 - Long.BYTES, StandardCharsets.UTF_8);
    }
}
