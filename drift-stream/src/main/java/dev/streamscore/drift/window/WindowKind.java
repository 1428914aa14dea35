package dev.streamscore.drift.window;

/**
 * The two windowed monitors: served traffic (by prediction event time, closes after the grace)
 * and performance (by prediction event time too, but closes only once every prediction in it has
 * its final outcome, a label delay later).
 */
public enum WindowKind {
    SERVED((byte) 'S'),
    PERFORMANCE((byte) 'P');

    private final byte code;

    WindowKind(byte code) {
        this.code = code;
    }

    public byte code() {
        return code;
    }

    public static WindowKind of(byte code) {
        for (WindowKind kind : values()) {
            if (kind.code == code) {
                return kind;
            }
        }
        throw new IllegalArgumentException("Unknown window kind " + code);
    }

    public WindowState empty() {
        return this == SERVED ? new ServedWindow() : new PerformanceWindow();
    }

    public WindowState decode(byte[] bytes) {
        return this == SERVED ? ServedWindow.fromBytes(bytes) : PerformanceWindow.fromBytes(bytes);
    }

    /** Adds {@code other}'s counts to {@code into} (both of this kind) and returns {@code into}. */
    public WindowState merge(WindowState into, WindowState other, WindowLimits limits) {
        if (into instanceof ServedWindow served) {
            return served.merge((ServedWindow) other, limits.maxCategories(), limits.maxGroups());
        }
        return ((PerformanceWindow) into).merge((PerformanceWindow) other, limits.maxGroups());
    }
}
