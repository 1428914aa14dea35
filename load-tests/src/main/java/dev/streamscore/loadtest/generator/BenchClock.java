package dev.streamscore.loadtest.generator;

import java.time.Instant;

/**
 * Wall-clock microseconds derived from {@link System#nanoTime()} anchored once at class load, so
 * the generator (intended send times) and the meter (receive times) in this JVM read one monotonic
 * clock with microsecond resolution. Epoch-based so the milliseconds also make sense as Kafka and
 * Avro event times, which other JVMs compare with their own wall clock.
 */
public final class BenchClock {
    private static final long ORIGIN_NANOS = System.nanoTime();
    private static final long ORIGIN_EPOCH_MICROS = epochMicros(Instant.now());

    private BenchClock() {
    }

    public static long nowMicros() {
        return toEpochMicros(System.nanoTime());
    }

    /** The epoch microseconds of a {@link System#nanoTime()} reading of this JVM. */
    public static long toEpochMicros(long nanoTime) {
        return ORIGIN_EPOCH_MICROS + (nanoTime - ORIGIN_NANOS) / 1000;
    }

    private static long epochMicros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1000;
    }
}
