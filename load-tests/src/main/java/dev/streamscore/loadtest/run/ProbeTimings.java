package dev.streamscore.loadtest.run;

import java.time.Duration;

/**
 * How long a probe warms up (not measured), measures, and may drain afterwards (events of the
 * window still in flight are waited for; what has not arrived by then counts as missing).
 */
public record ProbeTimings(Duration warmup, Duration measure, Duration drain) {
    public static final ProbeTimings DEFAULT = new ProbeTimings(Duration.ofSeconds(2), Duration.ofSeconds(5),
            Duration.ofSeconds(3));
    /**
     * Before a system's first probe, not measured: on 2 cores the JIT needs ~20 s of traffic before
     * the figures settle.
     */
    public static final ProbeTimings WARM_UP = new ProbeTimings(Duration.ofSeconds(2), Duration.ofSeconds(20),
            Duration.ofSeconds(3));
    public static final ProbeTimings QUICK = new ProbeTimings(Duration.ofSeconds(1), Duration.ofSeconds(3),
            Duration.ofSeconds(3));

    /** The time load is sent: warm-up plus measurement (the drain sends nothing). */
    public Duration load() {
        return warmup.plus(measure);
    }

    public ProbeTimings scaled(double factor) {
        return new ProbeTimings(scale(warmup, factor), scale(measure, factor), scale(drain, factor));
    }

    private static Duration scale(Duration d, double f) {
        return Duration.ofMillis(Math.max(500, Math.round(d.toMillis() * f)));
    }
}
