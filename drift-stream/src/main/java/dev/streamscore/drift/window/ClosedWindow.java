package dev.streamscore.drift.window;

/**
 * A window's merged counts, when it closes (revision 0) or each time late records revise it. A
 * performance window whose labels reach the provisional coverage before it closes gives its first
 * result early, marked provisional (revision 0), and its result at close is then revision 1.
 *
 * @param kind       which monitor
 * @param modelKey   model@version
 * @param start      event-time start, inclusive (epoch ms)
 * @param end        event-time end, exclusive (epoch ms)
 * @param revision    0 for the first result, then 1, 2, ... for each later one
 * @param lateEvents  of {@link WindowState#events()}, how many came after the window closed
 * @param state       the counts
 * @param provisional whether this is a performance window's result before its labels are final
 */
public record ClosedWindow(WindowKind kind, String modelKey, long start, long end, int revision, long lateEvents,
        WindowState state, boolean provisional) {
}
