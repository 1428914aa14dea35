package dev.streamscore.drift.window;

import java.time.Duration;

/**
 * Where windows lie in event time and when each closes: tumbling windows of {@code size} aligned
 * to the epoch (as Kafka Streams' {@code TimeWindows}); a served window closes when the watermark
 * reaches its end plus {@code grace}, a performance window when it reaches its end plus
 * {@code outcomeGrace} (the label delay and grace, when every prediction in it has its outcome).
 * Windows still open {@code revisionHorizon} after their close take late records as revisions.
 * Before it closes, a performance window gives a provisional result once the share of its served
 * predictions that have a label reaches {@code provisionalCoverage} (0: never).
 *
 * @param size                window size
 * @param grace               out-of-orderness allowed within one input partition
 * @param outcomeGrace        how long a performance window waits past its end
 * @param revisionHorizon     how long after a window closes late records still revise it
 * @param provisionalCoverage the label coverage at which a performance window gives a provisional
 *                            result, in (0, 1]; 0 turns provisional results off
 */
public record WindowTiming(Duration size, Duration grace, Duration outcomeGrace, Duration revisionHorizon,
        double provisionalCoverage) {
    public WindowTiming {
        if (size.isZero() || size.isNegative()) {
            throw new IllegalArgumentException("window-size must be > 0, was " + size);
        }
        if (revisionHorizon.isNegative()) {
            throw new IllegalArgumentException("revision-horizon must not be negative, was " + revisionHorizon);
        }
        if (!(provisionalCoverage >= 0 && provisionalCoverage <= 1)) {
            throw new IllegalArgumentException("provisional-coverage must be between 0 and 1, was " + provisionalCoverage);
        }
    }

    /** Whether performance windows give provisional results. */
    public boolean provisional() {
        return provisionalCoverage > 0;
    }

    /** Whether {@code labeled} of a window's {@code served} predictions are enough for a provisional result. */
    public boolean coverageReached(long labeled, long served) {
        return provisional() && served > 0 && labeled >= provisionalCoverage * served;
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

    /**
     * The watermark from which a join task sends its counts of a window to the merge: the window's
     * close; for a performance window with provisional results, its served window's close, and from
     * then on at every move of the watermark what was counted since (the merge adds them up).
     */
    public long partialsDueAt(WindowKind kind, long start) {
        return closesAt(kind == WindowKind.PERFORMANCE && provisional() ? WindowKind.SERVED : kind, start);
    }

    /** The watermark at which a window closed at {@code closesAt} stops taking revisions. */
    public long revisableUntil(long closesAt) {
        return closesAt + revisionHorizon.toMillis();
    }
}
