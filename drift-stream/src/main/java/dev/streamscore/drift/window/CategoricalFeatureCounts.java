package dev.streamscore.drift.window;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A categorical feature's values in one window: a count per category, capped at a number of
 * distinct categories (the rest go to one overflow count, so a feature with unbounded values, an
 * id by mistake, cannot grow the state without bound), and the skew counters: missing, of the
 * wrong type, and unseen in training (counted before the cap, so it is exact).
 */
public final class CategoricalFeatureCounts {
    /** The name the overflow count goes by in metrics. */
    public static final String OTHER = "__other__";

    private final Map<String, Long> counts;
    private long overflow;
    private long missing;
    private long typeMismatch;
    private long unseen;

    public CategoricalFeatureCounts() {
        this.counts = new TreeMap<>();
    }

    private CategoricalFeatureCounts(Map<String, Long> counts) {
        this.counts = counts;
    }

    public void add(String category, boolean seenInTraining, int maxCategories) {
        if (!seenInTraining) {
            unseen++;
        }
        addCount(category, 1, maxCategories);
    }

    private void addCount(String category, long n, int maxCategories) {
        Long current = counts.get(category);
        if (current != null) {
            counts.put(category, current + n);
        } else if (counts.size() < maxCategories) {
            counts.put(category, n);
        } else {
            overflow += n;
        }
    }

    public void addMissing() {
        missing++;
    }

    public void addTypeMismatch() {
        typeMismatch++;
    }

    public void merge(CategoricalFeatureCounts other, int maxCategories) {
        other.counts.forEach((category, n) -> addCount(category, n, maxCategories));
        overflow += other.overflow;
        missing += other.missing;
        typeMismatch += other.typeMismatch;
        unseen += other.unseen;
    }

    /** Counts per category kept (at most the cap). */
    public Map<String, Long> counts() {
        return Collections.unmodifiableMap(counts);
    }

    /** Values of categories beyond the cap. */
    public long overflow() {
        return overflow;
    }

    public long present() {
        long total = overflow;
        for (long n : counts.values()) {
            total += n;
        }
        return total;
    }

    public long total() {
        return present() + missing + typeMismatch;
    }

    public long missing() {
        return missing;
    }

    public long typeMismatch() {
        return typeMismatch;
    }

    public long unseen() {
        return unseen;
    }

    void writeTo(DataOutput out) throws IOException {
        StateFormat.writeCounts(out, counts);
        out.writeLong(overflow);
        out.writeLong(missing);
        out.writeLong(typeMismatch);
        out.writeLong(unseen);
    }

    static CategoricalFeatureCounts readFrom(DataInput in) throws IOException {
        CategoricalFeatureCounts c = new CategoricalFeatureCounts(StateFormat.readCounts(in));
        c.overflow = in.readLong();
        c.missing = in.readLong();
        c.typeMismatch = in.readLong();
        c.unseen = in.readLong();
        return c;
    }
}
