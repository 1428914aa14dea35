package dev.streamscore.loadtest.search;

/**
 * Whether a backlog (events due but not yet seen at the output) keeps growing: the least-squares
 * slope of backlog samples over time. A system that keeps up shows a flat backlog with noise; one
 * that falls behind shows a slope near (offered rate - throughput).
 */
public final class LagTrend {
    private LagTrend() {
    }

    /** Least-squares slope in events per second of {@code backlog[i]} sampled at {@code seconds[i]}. */
    public static double slopePerSecond(double[] seconds, double[] backlog) {
        int n = Math.min(seconds.length, backlog.length);
        if (n < 2) {
            return 0;
        }
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += seconds[i];
            my += backlog[i];
        }
        mx /= n;
        my /= n;
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < n; i++) {
            sxy += (seconds[i] - mx) * (backlog[i] - my);
            sxx += (seconds[i] - mx) * (seconds[i] - mx);
        }
        return sxx == 0 ? 0 : sxy / sxx;
    }

    /**
     * Growing when the backlog rises by more than 2 % of the offered rate per second (and by more
     * than 20 events per second, so a slow probe is not failed by noise of a handful of events).
     */
    public static boolean growing(double slopePerSecond, double offeredRate) {
        return slopePerSecond > Math.max(0.02 * offeredRate, 20);
    }
}
