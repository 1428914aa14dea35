package dev.streamscore.drift.dashboard;

import java.util.Arrays;

/**
 * The score histogram of a model version's latest closed served window beside its baseline's: the
 * holdout scores of the model card's training profile, the reference prediction drift is measured
 * against. Both are on the same edges (the profile's 20 equal bins over [0, 1]).
 *
 * @param windowStart    event-time start of the window (epoch ms)
 * @param windowEnd      event-time end (epoch ms)
 * @param edges          bin edges: bin 0 below {@code edges[0]}, bin i in {@code [edges[i-1], edges[i])}, the last above
 * @param counts         the window's predictions per bin
 * @param baselineCounts the holdout scores per bin, or null when the version has no usable baseline
 */
public record ScoreDistribution(long windowStart, long windowEnd, double[] edges, long[] counts, long[] baselineCounts) {
    public ScoreDistribution {
        if (counts.length != edges.length + 1 || (baselineCounts != null && baselineCounts.length != counts.length)) {
            throw new IllegalArgumentException("counts must have one bin more than the " + edges.length + " edges");
        }
        edges = edges.clone();
        counts = counts.clone();
        baselineCounts = baselineCounts == null ? null : baselineCounts.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScoreDistribution d && windowStart == d.windowStart && windowEnd == d.windowEnd
                && Arrays.equals(edges, d.edges) && Arrays.equals(counts, d.counts)
                && Arrays.equals(baselineCounts, d.baselineCounts);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(windowStart) * 31 + Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return "ScoreDistribution[" + windowStart + "-" + windowEnd + ", counts=" + Arrays.toString(counts)
                + ", baseline=" + Arrays.toString(baselineCounts) + "]";
    }
}
