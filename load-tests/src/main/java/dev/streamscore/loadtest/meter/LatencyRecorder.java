package dev.streamscore.loadtest.meter;

import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * End-to-end latencies (intended send time to seen at the output, in microseconds) for the events
 * of one probe. Only events whose intended time falls in the measurement window are recorded, so
 * warm-up is left out but an event measured late (after the window ended, during the drain) still
 * counts with its full latency. A second, always-on recorder feeds the once-a-second progress line.
 * Written by one consumer thread, read by others through HdrHistogram's {@link Recorder}.
 */
public final class LatencyRecorder {
    /** One hour in microseconds: anything slower is recorded as one hour. */
    static final long MAX_MICROS = 3_600_000_000L;

    private final Recorder window = new Recorder(MAX_MICROS, 3);
    private final Recorder progress = new Recorder(MAX_MICROS, 3);
    private final Recorder scored = new Recorder(MAX_MICROS, 3);
    private final AtomicLong seen = new AtomicLong();
    private final AtomicLong seenInWindow = new AtomicLong();
    private volatile long fromMicros = Long.MAX_VALUE;
    private volatile long toMicros = Long.MAX_VALUE;

    /** Starts a new measurement window over intended times [from, to); forgets what was recorded. */
    public void startWindow(long fromEpochMicros, long toEpochMicros) {
        this.fromMicros = fromEpochMicros;
        this.toMicros = toEpochMicros;
        seenInWindow.set(0);
        window.reset();
        scored.reset();
    }

    /** Records one output event. */
    public void record(long intendedEpochMicros, long seenEpochMicros) {
        long latency = Math.min(MAX_MICROS, Math.max(0, seenEpochMicros - intendedEpochMicros));
        seen.incrementAndGet();
        progress.recordValue(latency);
        if (intendedEpochMicros >= fromMicros && intendedEpochMicros < toMicros) {
            seenInWindow.incrementAndGet();
            window.recordValue(latency);
        }
    }

    /**
     * Records when the job stamped the output (a prediction's {@code scored_time}, milliseconds of
     * another JVM's wall clock on this machine), for the split of latency into before and after scoring.
     */
    public void recordScored(long intendedEpochMicros, long scoredEpochMicros) {
        if (intendedEpochMicros >= fromMicros && intendedEpochMicros < toMicros) {
            scored.recordValue(Math.min(MAX_MICROS, Math.max(0, scoredEpochMicros - intendedEpochMicros)));
        }
    }

    /** The window's intended-to-scored_time latencies (empty for outputs without a scored time). */
    public Histogram scoredHistogram() {
        return scored.getIntervalHistogram();
    }

    /** Everything seen since this recorder was made (all tags' events the meter passed on). */
    public long seen() {
        return seen.get();
    }

    public long seenInWindow() {
        return seenInWindow.get();
    }

    /** Latencies of the last second (or since the previous call). */
    public Histogram progressInterval() {
        return progress.getIntervalHistogram();
    }

    /**
     * The window's latencies, with {@code missing} events added at {@code missingLatencyMicros}
     * each: events that never arrived are at least that late, and leaving them out would hide a stall.
     */
    public Histogram windowHistogram(long missing, long missingLatencyMicros) {
        Histogram h = window.getIntervalHistogram();
        if (missing > 0) {
            h.recordValueWithCount(Math.min(MAX_MICROS, Math.max(0, missingLatencyMicros)), missing);
        }
        return h;
    }
}
