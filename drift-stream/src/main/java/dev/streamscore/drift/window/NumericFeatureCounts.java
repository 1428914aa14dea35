package dev.streamscore.drift.window;

import dev.streamscore.model.card.Histogram;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * A numeric feature's values in one window: a histogram on the training profile's bin edges
 * (fixed size whatever the traffic, and mergeable by adding counts), the live minimum and maximum,
 * and the skew counters: missing, of the wrong type (a string or a non-finite number), below and
 * above the training range.
 */
public final class NumericFeatureCounts {
    private final double[] edges;
    /** The edges as written in the state: they never change, and the state is written on every event. */
    private final byte[] encodedEdges;
    private final long[] counts;
    private final double trainMin;
    private final double trainMax;
    private long missing;
    private long typeMismatch;
    private long belowRange;
    private long aboveRange;
    private double liveMin = Double.POSITIVE_INFINITY;
    private double liveMax = Double.NEGATIVE_INFINITY;

    /** Empty counts on {@code edges}; {@code trainMin}/{@code trainMax} NaN when unknown. */
    public NumericFeatureCounts(double[] edges, double trainMin, double trainMax) {
        this.edges = edges.clone();
        this.encodedEdges = StateFormat.encodeDoubles(this.edges);
        this.counts = new long[edges.length + 1];
        this.trainMin = trainMin;
        this.trainMax = trainMax;
    }

    public void add(double value) {
        if (!Double.isFinite(value)) {
            typeMismatch++;
            return;
        }
        counts[Histogram.bin(edges, value)]++;
        liveMin = Math.min(liveMin, value);
        liveMax = Math.max(liveMax, value);
        if (value < trainMin) {
            belowRange++;
        } else if (value > trainMax) {
            aboveRange++;
        }
    }

    public void addMissing() {
        missing++;
    }

    public void addTypeMismatch() {
        typeMismatch++;
    }

    /** Adds {@code other}'s counts; both must be on the same edges. */
    public void merge(NumericFeatureCounts other) {
        if (!Arrays.equals(edges, other.edges)) {
            throw new IllegalArgumentException("Cannot merge histograms on different edges: " + Arrays.toString(edges)
                    + " and " + Arrays.toString(other.edges));
        }
        for (int i = 0; i < counts.length; i++) {
            counts[i] += other.counts[i];
        }
        missing += other.missing;
        typeMismatch += other.typeMismatch;
        belowRange += other.belowRange;
        aboveRange += other.aboveRange;
        liveMin = Math.min(liveMin, other.liveMin);
        liveMax = Math.max(liveMax, other.liveMax);
    }

    public double[] edges() {
        return edges.clone();
    }

    public long[] counts() {
        return counts.clone();
    }

    /** Values that were numbers (binned). */
    public long present() {
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        return total;
    }

    /** Every prediction that served this feature, whatever its value. */
    public long total() {
        return present() + missing + typeMismatch;
    }

    public long missing() {
        return missing;
    }

    public long typeMismatch() {
        return typeMismatch;
    }

    public long outOfRange() {
        return belowRange + aboveRange;
    }

    public double trainMin() {
        return trainMin;
    }

    public double trainMax() {
        return trainMax;
    }

    public double liveMin() {
        return liveMin;
    }

    public double liveMax() {
        return liveMax;
    }

    void writeTo(DataOutput out) throws IOException {
        out.write(encodedEdges);
        StateFormat.writeLongs(out, counts);
        out.writeDouble(trainMin);
        out.writeDouble(trainMax);
        out.writeLong(missing);
        out.writeLong(typeMismatch);
        out.writeLong(belowRange);
        out.writeLong(aboveRange);
        out.writeDouble(liveMin);
        out.writeDouble(liveMax);
    }

    static NumericFeatureCounts readFrom(DataInput in) throws IOException {
        double[] edges = StateFormat.readDoubles(in);
        long[] counts = StateFormat.readLongs(in);
        if (counts.length != edges.length + 1) {
            throw new IOException("Corrupt numeric feature state: " + edges.length + " edges, " + counts.length + " bins");
        }
        NumericFeatureCounts c = new NumericFeatureCounts(edges, in.readDouble(), in.readDouble());
        System.arraycopy(counts, 0, c.counts, 0, counts.length);
        c.missing = in.readLong();
        c.typeMismatch = in.readLong();
        c.belowRange = in.readLong();
        c.aboveRange = in.readLong();
        c.liveMin = in.readDouble();
        c.liveMax = in.readDouble();
        return c;
    }
}
