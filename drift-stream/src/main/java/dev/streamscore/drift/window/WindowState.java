package dev.streamscore.drift.window;

/**
 * The mergeable counts of one model version in one window, whole or partial: a
 * {@link ServedWindow} or a {@link PerformanceWindow}. Partial states of the same window, built in
 * different tasks from different input partitions, add up to the whole ({@link WindowKind#merge}).
 */
public sealed interface WindowState permits ServedWindow, PerformanceWindow {
    /** The events the window counted: predictions (served), predictions with a final outcome (performance). */
    long events();

    /** The binary form (a format byte first). */
    byte[] toBytes();
}
