package dev.streamscore.drift.window;

import java.time.Duration;

/**
 * Where windows lie in event time and when each closes: tumbling windows of {@code size} aligned
 * to the epoch (as Kafka Streams' {@code TimeWindows}); a served window closes when the watermark
 * reaches its end plus {@code grace}, a performance window when it reaches its end plus
 * {@code outcomeGrace} (the label delay and grace, when every prediction in it has its outcome).
 * Windows still open {@code revisionHorizon} after their close take late records as revisions.
 *
 * @param size            window size
 * @param grace           out-of-orderness allowed within one input partition
 * @param outcomeGrace    how long a performance window waits past its end
 * @param revisionHorizon how long after a window closes late records still revise it
 */
public record WindowTiming(Duration size, Duration grace, Duration outcomeGrace, Duration revisionHorizon) {
    public WindowTiming {
        if (size.isZero() || size.isNegative()) {
            throw new IllegalArgumentException("window-size must be > 0, was " + size);
        }
        if (revisionHorizon.isNegative()) {
            throw new IllegalArgumentException("revision-horizon must not be negative, was " + revisionHorizon);
        }
    }

    /** The start of the window {@code time} falls in. */
    public long start(long time) {
        return time - Math.floorMod(time, size.toMillis());
    }

    public long end(long start) {
        return start + size.toMillis();
    }

    /** The watermark at which the window starting at {@code start} closes. */
    public long closesAt(WindowKind kind, long start) {
        return end(start) + (kind == WindowKind.SERVED ? grace : outcomeGrace).toMillis();
    }

    /** The watermark at which a window closed at {@code closesAt} stops taking revisions. */
    public long revisableUntil(long closesAt) {
        return closesAt + revisionHorizon.toMillis();
    }
}
