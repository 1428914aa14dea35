package dev.streamscore.model.card;

import java.util.Arrays;

/**
 * A histogram on fixed bin edges, the shared language of the training profile and of live drift
 * windows: {@code edges} (ascending, length m) cut the line into m + 1 bins, bin 0 below
 * {@code edges[0]}, bin i in {@code [edges[i-1], edges[i])}, bin m from {@code edges[m-1]} up. So a
 * live value outside the training range still has a bin, and two histograms on the same edges can
 * be merged by adding counts.
 */
public record Histogram(double[] edges, long[] counts) {
    public Histogram {
        if (counts.length != edges.length + 1) {
            throw new IllegalArgumentException("A histogram with " + edges.length + " edges has " + (edges.length + 1)
                    + " bins, got " + counts.length + " counts");
        }
        for (int i = 1; i < edges.length; i++) {
            if (!(edges[i] > edges[i - 1])) {
                throw new IllegalArgumentException("Histogram edges must be strictly ascending: " + Arrays.toString(edges));
            }
        }
    }

    public static Histogram empty(double[] edges) {
        return new Histogram(edges.clone(), new long[edges.length + 1]);
    }

    /** The bin a value falls in. */
    public static int bin(double[] edges, double value) {
        int index = Arrays.binarySearch(edges, value);
        // Found: the value is an edge, which opens the bin to its right. Not found: insertion point.
        return index >= 0 ? index + 1 : -index - 1;
    }

    public void add(double value) {
        counts[bin(edges, value)]++;
    }

    public long total() {
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        return total;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Histogram h && Arrays.equals(edges, h.edges) && Arrays.equals(counts, h.counts);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(edges) + Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return "Histogram[edges=" + Arrays.toString(edges) + ", counts=" + Arrays.toString(counts) + "]";
    }
}
