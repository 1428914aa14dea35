package dev.streamscore.drift.watermark;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The event time up to which every source has delivered its records, as Flink computes a
 * watermark over input channels: the minimum over the sources that are not idle. A source that is
 * expected but has not reported yet holds it at {@link #UNKNOWN}, so nothing closes before every
 * source has been heard from. When every source is idle, nothing more is coming from any of them and
 * the watermark is the highest time any has reached. It never goes back: a source that comes back
 * from idleness behind it delivers late records, which the windows count as such.
 *
 * <p>A source's time never goes back either: after a restart a source may report less than it did
 * (it resumes from its last commit), and the higher value stands.
 */
public final class Watermark {
    /** Before anything is known. */
    public static final long UNKNOWN = Long.MIN_VALUE;

    private final Set<String> expected;
    private final Map<String, SourceProgress> sources = new HashMap<>();
    private long current = UNKNOWN;

    /** A watermark over {@code expected} sources (more may report later, e.g. after partitions were added). */
    public Watermark(Collection<String> expected) {
        this.expected = new LinkedHashSet<>(expected);
    }

    /** Restores what was stored: every source's progress and the watermark reached. */
    public void restore(Map<String, SourceProgress> stored, long watermark) {
        sources.putAll(stored);
        current = Math.max(current, watermark);
    }

    /**
     * Records what {@code source} says and returns whether the watermark moved forward.
     *
     * @param time the source's highest event time ({@link #UNKNOWN} if it has delivered nothing)
     */
    public boolean update(String source, long time, boolean idle) {
        SourceProgress before = sources.getOrDefault(source, SourceProgress.NONE);
        sources.put(source, new SourceProgress(Math.max(before.time(), time), idle));
        long next = Math.max(current, compute());
        boolean advanced = next > current;
        current = next;
        return advanced;
    }

    public long current() {
        return current;
    }

    /** The stored progress of {@code source}. */
    public SourceProgress progress(String source) {
        return sources.getOrDefault(source, SourceProgress.NONE);
    }

    /** Every source heard from or expected, with its progress. */
    public Map<String, SourceProgress> sources() {
        Map<String, SourceProgress> all = new HashMap<>();
        expected.forEach(s -> all.put(s, SourceProgress.NONE));
        all.putAll(sources);
        return all;
    }

    private long compute() {
        long minActive = Long.MAX_VALUE;
        long maxAll = UNKNOWN;
        boolean anyActive = false;
        for (Map.Entry<String, SourceProgress> e : sources().entrySet()) {
            SourceProgress p = e.getValue();
            maxAll = Math.max(maxAll, p.time());
            if (!p.idle()) {
                anyActive = true;
                minActive = Math.min(minActive, p.time());
            }
        }
        return anyActive ? minActive : maxAll;
    }
}
