package dev.streamscore.detection;

import java.time.Duration;
import java.time.Instant;

/**
 * How one run is laid out in event time: {@code windows} windows of {@code eventsPerWindow} events
 * from {@code start} (a multiple of the window, so event windows and the topology's windows are the
 * same), the drift switched on at the start of window {@code onsetWindow}.
 */
public record RunLayout(Instant start, Duration window, int eventsPerWindow, int windows, int onsetWindow) {
    public RunLayout {
        if (start.toEpochMilli() % window.toMillis() != 0) {
            throw new IllegalArgumentException("start " + start + " is not on a window boundary of " + window);
        }
        if (onsetWindow < 0 || onsetWindow > windows) {
            throw new IllegalArgumentException("onset window " + onsetWindow + " outside 0.." + windows);
        }
    }

    /** The index of the window that starts at {@code windowStart}. */
    public int windowIndex(Instant windowStart) {
        return (int) Math.floorDiv(windowStart.toEpochMilli() - start.toEpochMilli(), window.toMillis());
    }
}
