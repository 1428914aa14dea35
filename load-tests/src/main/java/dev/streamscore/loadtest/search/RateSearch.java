package dev.streamscore.loadtest.search;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Finds the highest sustainable rate with few probes: grow the rate geometrically from a start
 * until a probe fails (or the cap is reached), then bisect geometrically between the best passing
 * and the first failing rate until they are within {@code precision} of each other or the probe
 * budget is spent. Pure logic: the caller runs each probe and reports its verdict.
 */
public final class RateSearch {
    private final double factor;
    private final double max;
    private final double precision;
    private final int maxProbes;
    private final List<Probe> probes = new ArrayList<>();
    private double lo;
    private double hi = Double.NaN;
    private double next;

    /** One probe and its verdict. */
    public record Probe(double rate, boolean sustained) {
    }

    public RateSearch(double start, double factor, double max, double precision, int maxProbes) {
        if (!(start > 0) || !(factor > 1) || max < start || !(precision > 0) || maxProbes < 1) {
            throw new IllegalArgumentException("bad search: start " + start + ", factor " + factor + ", max " + max
                    + ", precision " + precision + ", probes " + maxProbes);
        }
        this.factor = factor;
        this.max = max;
        this.precision = precision;
        this.maxProbes = maxProbes;
        this.next = start;
    }

    /** The next rate to probe, or empty when the search is done. */
    public OptionalDouble next() {
        if (probes.size() >= maxProbes || Double.isNaN(next)) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(next);
    }

    public void report(double rate, boolean sustained) {
        probes.add(new Probe(rate, sustained));
        if (sustained) {
            lo = Math.max(lo, rate);
        } else {
            hi = Double.isNaN(hi) ? rate : Math.min(hi, rate);
        }
        if (Double.isNaN(hi)) {
            // Still growing: stop at the cap once it has passed.
            next = lo >= max ? Double.NaN : Math.min(max, lo * factor);
        } else if (lo == 0) {
            // The very first probe failed: halve until something passes (or the budget ends).
            next = hi / 2;
        } else if (hi / lo <= 1 + precision) {
            next = Double.NaN;
        } else {
            next = Math.sqrt(lo * hi);
        }
    }

    /** The highest rate that was sustained; 0 when none was. */
    public double best() {
        return lo;
    }

    /** The lowest rate that failed; NaN when none did. */
    public double lowestFailed() {
        return hi;
    }

    public List<Probe> probes() {
        return List.copyOf(probes);
    }
}
