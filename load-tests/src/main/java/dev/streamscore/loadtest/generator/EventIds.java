package dev.streamscore.loadtest.generator;

/**
 * Event ids that carry their own intended send time: {@code <tag>-<sequence>-<epoch micros>}.
 * The scoring job copies the event id into the prediction, so the meter needs no shared map from
 * id to send time, and a prediction that arrives after its probe has ended still has its time.
 * The tag names the probe, so output of an earlier, overloaded probe is not counted in a later one.
 */
public final class EventIds {
    private EventIds() {
    }

    public static String of(String tag, long sequence, long intendedEpochMicros) {
        if (tag.indexOf('-') >= 0) {
            throw new IllegalArgumentException("tag must not contain '-': " + tag);
        }
        return tag + '-' + sequence + '-' + intendedEpochMicros;
    }

    /** The tag of an id made by {@link #of}, or null for any other id. */
    public static String tag(CharSequence id) {
        int first = indexOf(id, 0);
        return first <= 0 ? null : id.subSequence(0, first).toString();
    }

    /** Whether {@code id} was made by {@link #of} with this tag. */
    public static boolean hasTag(CharSequence id, String tag) {
        int n = tag.length();
        if (id.length() <= n || id.charAt(n) != '-') {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (id.charAt(i) != tag.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The intended send time (epoch micros) of an id made by {@link #of}; -1 for any other id. */
    public static long intendedMicros(CharSequence id) {
        int last = id.length() - 1;
        long value = 0;
        long scale = 1;
        int i = last;
        for (; i >= 0 && id.charAt(i) != '-'; i--) {
            char c = id.charAt(i);
            if (c < '0' || c > '9' || scale > 1_000_000_000_000_000L) {
                return -1;
            }
            value += (c - '0') * scale;
            scale *= 10;
        }
        return i < 0 || i == last ? -1 : value;
    }

    private static int indexOf(CharSequence s, int from) {
        for (int i = from; i < s.length(); i++) {
            if (s.charAt(i) == '-') {
                return i;
            }
        }
        return -1;
    }
}
