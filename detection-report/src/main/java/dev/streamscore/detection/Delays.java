package dev.streamscore.detection;

import dev.streamscore.avro.Alert;
import dev.streamscore.avro.AlertState;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.Predicate;

/**
 * Detection delay in windows, and the nearest-rank percentiles of delays where a missed seed
 * counts as infinitely late (so a p90 over seeds of which more than 10 % were missed is "missed").
 */
public final class Delays {
    private Delays() {
    }

    /**
     * Windows of drift seen until the first relevant alert fired: 1 when it fires in the onset
     * window itself, 2 in the window after, and so on; empty when none fired by the end of the run.
     * Alerts in windows before the onset (stationary traffic) are not detections.
     */
    public static OptionalInt delay(List<Alert> alerts, Predicate<Alert> relevant, RunLayout layout) {
        return alerts.stream()
                .filter(a -> a.getState() == AlertState.FIRING && relevant.test(a))
                .mapToInt(a -> layout.windowIndex(a.getWindowStart()))
                .filter(window -> window >= layout.onsetWindow())
                .map(window -> window - layout.onsetWindow() + 1)
                .min();
    }

    /**
     * The nearest-rank {@code q} quantile (0 < q <= 1) of {@code delays}, a missed seed (empty)
     * ranking after every detected one; empty when that rank falls on a missed seed.
     */
    public static OptionalInt quantile(List<OptionalInt> delays, double q) {
        if (delays.isEmpty()) {
            return OptionalInt.empty();
        }
        int[] sorted = delays.stream().mapToInt(d -> d.orElse(Integer.MAX_VALUE)).sorted().toArray();
        int rank = (int) Math.ceil(q * sorted.length);
        int value = sorted[Math.max(rank, 1) - 1];
        return value == Integer.MAX_VALUE ? OptionalInt.empty() : OptionalInt.of(value);
    }

    /** Share of seeds detected within {@code windows} windows. */
    public static double shareWithin(List<OptionalInt> delays, int windows) {
        return delays.stream().filter(d -> d.isPresent() && d.getAsInt() <= windows).count() / (double) delays.size();
    }
}
