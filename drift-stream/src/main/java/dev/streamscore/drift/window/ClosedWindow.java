package dev.streamscore.drift.window;

/**
 * A window's merged counts, when it closes (revision 0) or each time late records revise it.
 *
 * @param kind       which monitor
 * @param modelKey   model@version
 * @param start      event-time start, inclusive (epoch ms)
 * @param end        event-time end, exclusive (epoch ms)
 * @param revision   0 for the result at close, then 1, 2, ... for each revision with late records
 * @param lateEvents of {@link WindowState#events()}, how many came after the window closed
 * @param state      the counts
 */
public record ClosedWindow(WindowKind kind, String modelKey, long start, long end, int revision, long lateEvents,
        WindowState state) {
}
