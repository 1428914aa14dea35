package dev.streamscore.loadtest.drift;

import dev.streamscore.loadtest.generator.OpenLoopSchedule;
import dev.streamscore.loadtest.run.ProbeResult;
import dev.streamscore.loadtest.run.ProbeTimings;
import dev.streamscore.loadtest.search.LagTrend;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One probe of drift-stream at a rate of events (a prediction plus its label each): the consumer
 * group's lag is read five times a second and its lowest reading kept per second; the rate is
 * sustained when the lag does not grow over the measurement window and is worked off within the
 * drain time after the load stops.
 */
public final class DriftProbeRunner {
    private static final long LAG_READ_MS = 200;
    private static final long SETTLE_NANOS = 20_000_000_000L;
    private final DriftLoadGenerator generator;
    private final ConsumerLag lag;
    private final PrintStream out;
    private int probes;

    public DriftProbeRunner(DriftLoadGenerator generator, ConsumerLag lag, PrintStream out) {
        this.generator = generator;
        this.lag = lag;
        this.out = out;
    }

    public ProbeResult run(String system, double rate, ProbeTimings timings) throws InterruptedException {
        String tag = "d" + (++probes);
        long warm = timings.warmup().toNanos();
        long measure = timings.measure().toNanos();
        OpenLoopSchedule schedule = OpenLoopSchedule.constant(rate, warm + measure);
        long start = System.nanoTime();
        long abortLag = (long) (rate * 2 * 4) + 4000;
        boolean[] stop = {false};
        long[] sentHolder = {0};
        Thread sender = new Thread(() -> sentHolder[0] = generator.send(tag, schedule, () -> stop[0]), "drift-load");
        sender.setDaemon(true);
        long sentBefore = generator.sent();
        sender.start();
        List<double[]> samples = new ArrayList<>();
        long maxLag = 0;
        boolean aborted = false;
        while (sender.isAlive()) {
            // The committed lag is a saw-tooth: it climbs between two commits and drops at each.
            // The lowest of several readings in a second is the backlog itself, whatever the
            // app's commit interval (up to about a second); one reading a second aliases with it.
            long secondEnds = System.nanoTime() + 1_000_000_000L;
            long records = lag.lag();
            while (sender.isAlive() && System.nanoTime() < secondEnds) {
                sender.join(LAG_READ_MS);
                records = Math.min(records, lag.lag());
            }
            double t = (System.nanoTime() - start) / 1e9;
            maxLag = Math.max(maxLag, records);
            if (t * 1e9 >= warm) {
                samples.add(new double[] {t, records});
            }
            out.printf("    %-28s %6.0f/s  t=%4.1fs  events sent %8d  lag %7d records%n", system, rate, t,
                    generator.sent() - sentBefore, records);
            if (records > abortLag && !stop[0]) {
                out.printf("    %-28s lag %d > %d: stopping this probe early%n", system, records, abortLag);
                stop[0] = true;
                aborted = true;
            }
        }
        double slope = LagTrend.slopePerSecond(samples.stream().mapToDouble(s -> s[0]).toArray(),
                samples.stream().mapToDouble(s -> s[1]).toArray());
        // Two records per event: the slope is compared with the offered record rate.
        long deadline = System.nanoTime() + timings.drain().toNanos();
        long remaining = lag.lag();
        while (remaining > 0 && System.nanoTime() < deadline) {
            Thread.sleep(200);
            remaining = lag.lag();
        }
        boolean growing = LagTrend.growing(slope, 2 * rate);
        // Records since the app's last commit are in flight, not behind.
        boolean drained = remaining <= Math.max(200, 2 * rate * 0.2);
        boolean sustained = !aborted && !growing && drained;
        String reason = sustained ? "" : String.join("; ", List.of(aborted ? "stopped early" : "",
                growing ? String.format("lag grows %.0f records/s", slope) : "",
                drained ? "" : remaining + " records still behind after the drain").stream().filter(s -> !s.isEmpty()).toList());
        out.printf("  = %-28s %6.0f/s  max lag %d records  lag slope %.0f/s  %s%n", system, rate, maxLag, slope,
                sustained ? "SUSTAINED" : "NOT sustained: " + reason);
        // Let it catch up before the next probe: a backlog left over would count against it.
        long settle = System.nanoTime() + Math.max(timings.measure().toNanos(), SETTLE_NANOS);
        while (lag.lag() > 0 && System.nanoTime() < settle) {
            Thread.sleep(250);
        }
        return new ProbeResult(system, rate, Map.of(), sentHolder[0] / ((warm + measure) / 1e9), slope,
                schedule.totalEvents(), remaining, 0, sustained, reason);
    }
}
