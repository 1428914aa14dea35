package dev.streamscore.loadtest.search;

/**
 * Whether one probe sustained its rate: p99 within the bound, no growing backlog, and (almost)
 * every measured event seen at the output before the drain ended.
 *
 * @param reason empty when sustained, else why not (for the report)
 */
public record ProbeVerdict(boolean sustained, String reason) {
    /** Share of measured events allowed to be still missing after the drain (lost or very late). */
    public static final double MAX_MISSING_SHARE = 0.001;

    public static ProbeVerdict of(double p99Millis, double boundMillis, double lagSlopePerSecond, double rate,
            long expected, long missing) {
        StringBuilder why = new StringBuilder();
        if (p99Millis > boundMillis) {
            why.append(String.format("p99 %.1f ms > %.0f ms", p99Millis, boundMillis));
        }
        if (LagTrend.growing(lagSlopePerSecond, rate)) {
            why.append(why.isEmpty() ? "" : "; ").append(String.format("backlog grows %.0f ev/s", lagSlopePerSecond));
        }
        if (expected == 0 || missing > MAX_MISSING_SHARE * expected) {
            why.append(why.isEmpty() ? "" : "; ").append(missing).append(" of ").append(expected).append(" missing");
        }
        return new ProbeVerdict(why.isEmpty(), why.toString());
    }
}
