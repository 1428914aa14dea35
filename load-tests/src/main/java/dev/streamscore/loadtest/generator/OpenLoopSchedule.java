package dev.streamscore.loadtest.generator;

/**
 * When each event of an open-loop run is due: a constant rate, or a linear ramp from one rate to
 * another over the run. The schedule never looks at how the system is doing, so a stall delays
 * sends but never removes them, and latency measured from these intended times includes the wait
 * (no coordinated omission).
 *
 * <p>For a ramp from r0 to r1 over T seconds the number of events due by time t is
 * {@code N(t) = r0 t + (r1 - r0) t^2 / (2T)}; event n is due at the t that solves {@code N(t) = n}.
 *
 * @param startRate events per second at the start
 * @param endRate   events per second at the end (equal to startRate for a constant rate)
 * @param durationNanos length of the run
 */
public record OpenLoopSchedule(double startRate, double endRate, long durationNanos) {
    public OpenLoopSchedule {
        if (!(startRate > 0) || !(endRate > 0)) {
            throw new IllegalArgumentException("rates must be > 0, got " + startRate + " and " + endRate);
        }
        if (durationNanos <= 0) {
            throw new IllegalArgumentException("duration must be > 0, got " + durationNanos + " ns");
        }
    }

    public static OpenLoopSchedule constant(double rate, long durationNanos) {
        return new OpenLoopSchedule(rate, rate, durationNanos);
    }

    public static OpenLoopSchedule ramp(double fromRate, double toRate, long durationNanos) {
        return new OpenLoopSchedule(fromRate, toRate, durationNanos);
    }

    /** Nanoseconds after the start at which event {@code index} (0-based) is due. */
    public long offsetNanos(long index) {
        double n = index;
        double seconds;
        if (startRate == endRate) {
            seconds = n / startRate;
        } else {
            double t = durationNanos / 1e9;
            double a = (endRate - startRate) / (2 * t);
            // Root of a s^2 + r0 s - n = 0 written so it stays accurate when a is tiny.
            seconds = 2 * n / (startRate + Math.sqrt(startRate * startRate + 4 * a * n));
        }
        return Math.round(seconds * 1e9);
    }

    /** How many events are due in [0, offsetNanos): the count an on-time generator has sent. */
    public long dueBy(long offsetNanos) {
        if (offsetNanos <= 0) {
            return 0;
        }
        double s = Math.min(offsetNanos, durationNanos) / 1e9;
        double t = durationNanos / 1e9;
        double n = startRate * s + (endRate - startRate) * s * s / (2 * t);
        long count = (long) Math.ceil(n - 1e-9);
        // Guard the float edge: event `count` must be due at or after offsetNanos.
        while (count > 0 && offsetNanos(count - 1) >= Math.min(offsetNanos, durationNanos)) {
            count--;
        }
        while (offsetNanos(count) < Math.min(offsetNanos, durationNanos)) {
            count++;
        }
        return count;
    }

    /** Number of events in the whole run. */
    public long totalEvents() {
        return dueBy(durationNanos);
    }

    /** The target rate at {@code offsetNanos} into the run. */
    public double rateAt(long offsetNanos) {
        double f = Math.max(0, Math.min(1, offsetNanos / (double) durationNanos));
        return startRate + (endRate - startRate) * f;
    }
}
