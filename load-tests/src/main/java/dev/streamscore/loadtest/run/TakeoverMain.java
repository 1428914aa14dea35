package dev.streamscore.loadtest.run;

import dev.streamscore.avro.ModelRole;
import dev.streamscore.loadtest.drift.ConsumerLag;
import dev.streamscore.loadtest.drift.DriftBenchTopics;
import dev.streamscore.loadtest.drift.DriftLoadGenerator;
import dev.streamscore.loadtest.generator.OpenLoopSchedule;
import dev.streamscore.drift.DriftFlags;
import dev.streamscore.local.AppLaunch;
import dev.streamscore.local.LocalProcess;
import dev.streamscore.local.LocalStack;
import dev.streamscore.local.LocalStackConfig;
import dev.streamscore.local.StreamScoreApp;
import dev.streamscore.model.bundle.ModelBundle;
import dev.streamscore.schemas.registry.SchemaRegistryClient;
import dev.streamscore.schemas.registry.SchemaRegistryClientConfig;
import dev.streamscore.schemas.registry.SchemaRegistryClients;
import dev.streamscore.scoring.publish.ModelPublisher;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long drift-stream takes to take over a killed instance's tasks, without and with standby
 * replicas: two instances under a steady load of predictions and delayed labels (so the join holds
 * minutes of state), then {@code kill -9} of one; measured from the kill until the group's lag is
 * back where it was before it, with the records the survivor restored from changelogs (its
 * {@code RestoreLog} lines). One fresh stack per setting. Prints a table and writes
 * {@code takeover.md} to {@code --out}.
 *
 * <pre>
 * load-tests/run-takeover.sh [--rate 2000] [--before 150s] [--after 150s] [--label-delay 60s] [--partitions 4]
 * </pre>
 */
public final class TakeoverMain {
    private static final Pattern RESTORED = Pattern.compile("Restored (\\d+) records of (\\S+) from");
    private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(10);

    private final PrintStream out = System.out;
    private final double rate;
    private final Duration before;
    private final Duration after;
    private final Duration labelDelay;
    private final int partitions;
    private final Path outDir;

    private TakeoverMain(double rate, Duration before, Duration after, Duration labelDelay, int partitions, Path outDir) {
        this.rate = rate;
        this.before = before;
        this.after = after;
        this.labelDelay = labelDelay;
        this.partitions = partitions;
        this.outDir = outDir;
    }

    /** One setting's figures. */
    record Result(int standbys, long restoredRecords, long restoreMillis, Double recoverySeconds, long lagBefore, long maxLag) {
    }

    public static void main(String[] args) throws Exception {
        double rate = 2000;
        Duration before = Duration.ofSeconds(150);
        Duration after = Duration.ofSeconds(150);
        Duration labelDelay = Duration.ofSeconds(60);
        int partitions = 4;
        Path out = Path.of("load-tests", "target", "takeover");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rate" -> rate = Double.parseDouble(args[++i]);
                case "--before" -> before = seconds(args[++i]);
                case "--after" -> after = seconds(args[++i]);
                case "--label-delay" -> labelDelay = seconds(args[++i]);
                case "--partitions" -> partitions = Integer.parseInt(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("Unknown option " + args[i]
                        + "; options: --rate N --before 150s --after 150s --label-delay 60s --partitions N --out DIR");
            }
        }
        Files.createDirectories(out);
        TakeoverMain bench = new TakeoverMain(rate, before, after, labelDelay, partitions, out);
        List<Result> results = new ArrayList<>();
        for (int standbys : new int[] {0, 1}) {
            results.add(bench.run(standbys));
        }
        String table = bench.table(results);
        System.out.println(table);
        Files.writeString(out.resolve("takeover.md"), table);
        System.exit(0);
    }

    private static Duration seconds(String text) {
        return Duration.ofSeconds(Long.parseLong(text.replace("s", "")));
    }

    private Result run(int standbys) throws Exception {
        out.printf("%n[%s] %d standby replica(s): two instances, %.0f events/s, labels %d s after their events, %d partitions%n",
                Instant.now(), standbys, rate, labelDelay.toSeconds(), partitions);
        try (LocalStack stack = LocalStack.start(LocalStackConfig.forTests())) {
            SchemaRegistryClient registry = SchemaRegistryClients.create(SchemaRegistryClientConfig.of(stack.registryUrl()));
            ModelBundle demo = BenchModels.ensure(Path.of(System.getProperty("user.home"), ".streamscore", "bench"),
                    BenchModels.DEMO, out);
            String prefix = "takeover";
            DriftBenchTopics topics = new DriftBenchTopics(prefix);
            stack.createTopics(topics.specs(partitions));
            Properties kafka = new Properties();
            kafka.put("bootstrap.servers", stack.bootstrapServers());
            ModelPublisher.publish(demo, ModelRole.CHAMPION, 1.0, false, null, "takeover", kafka, registry,
                    topics.modelUpdates(), topics.modelBaselines());
            String appId = "takeover-" + standbys + "-" + System.currentTimeMillis();
            LocalProcess a = instance("drift-a-" + standbys, stack, appId, standbys, topics);
            LocalProcess b = instance("drift-b-" + standbys, stack, appId, standbys, topics);
            try (a; b;
                    DriftLoadGenerator generator = new DriftLoadGenerator(stack.bootstrapServers(), registry,
                            topics.predictions(), topics.labels(), demo.card(), labelDelay);
                    ConsumerLag lag = new ConsumerLag(stack.bootstrapServers(), appId,
                            List.of(topics.predictions(), topics.labels()))) {
                a.awaitLog("-> RUNNING", Duration.ofMinutes(3));
                b.awaitLog("-> RUNNING", Duration.ofMinutes(3));
                long total = (before.toSeconds() + after.toSeconds());
                Thread sender = new Thread(() -> generator.send("t" + standbys,
                        OpenLoopSchedule.constant(rate, Duration.ofSeconds(total).toNanos()), () -> false), "takeover-load");
                sender.setDaemon(true);
                sender.start();
                long start = System.nanoTime();
                List<Long> steady = new ArrayList<>();
                while ((System.nanoTime() - start) < before.toNanos()) {
                    long l = lowestLagOfASecond(lag);
                    if ((System.nanoTime() - start) > before.toNanos() / 2) {
                        steady.add(l);
                    }
                    progress(start, generator, l, "");
                }
                long lagBefore = steady.stream().mapToLong(Long::longValue).max().orElse(0);
                long restoredBefore = restored(b.logSinceStart()).records();
                long killed = System.nanoTime();
                ProcessHandle.of(a.pid()).ifPresent(ProcessHandle::destroyForcibly);
                out.printf("  killed %s (PID %d) with SIGKILL; lag before the kill at most %d records%n", a.name(), a.pid(),
                        lagBefore);
                long threshold = Math.max(lagBefore + lagBefore / 2, (long) (2 * rate));
                Double recovered = null;
                int below = 0;
                long maxLag = 0;
                while (sender.isAlive() && recovered == null) {
                    long l = lowestLagOfASecond(lag);
                    maxLag = Math.max(maxLag, l);
                    below = l <= threshold ? below + 1 : 0;
                    // Three seconds in a row back at the level before the kill, after the session timeout.
                    if (below >= 3 && System.nanoTime() - killed > SESSION_TIMEOUT.toNanos()) {
                        recovered = (System.nanoTime() - killed) / 1e9 - 2;
                    }
                    progress(start, generator, l, recovered == null ? "" : "  recovered");
                }
                Restored restore = restored(b.logSinceStart());
                Result result = new Result(standbys, restore.records() - restoredBefore, restore.millis(), recovered, lagBefore,
                        maxLag);
                out.printf("  = %d standby replica(s): %s; %,d records restored by the survivor (%d ms in its restore lines)%n",
                        standbys, recovered == null ? "not recovered before the load ended"
                                : String.format("back to the lag before the kill %.1f s after it", recovered),
                        result.restoredRecords(), result.restoreMillis());
                sender.interrupt();
                return result;
            }
        }
    }

    private LocalProcess instance(String name, LocalStack stack, String appId, int standbys, DriftBenchTopics topics)
            throws IOException {
        Path dir = outDir.resolve(name);
        Files.createDirectories(dir);
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("bootstrap-servers", stack.bootstrapServers());
        settings.put("registry-url", stack.registryUrl());
        settings.put("application-id", appId);
        settings.put("state-dir", dir.resolve("state").toAbsolutePath());
        settings.putAll(topics.settings());
        settings.put("window-size", Duration.ofSeconds(10));
        settings.put("max-label-delay", labelDelay.multipliedBy(2));
        settings.put("http-port", -1);
        settings.put("kafka.num.standby.replicas", standbys);
        settings.put("kafka.session.timeout.ms", SESSION_TIMEOUT.toMillis());
        settings.put("kafka.heartbeat.interval.ms", 3000);
        Path work = outDir.toAbsolutePath();
        return LocalProcess.start(name, work, work.resolve("logs"), List.of("-Xmx768m"),
                AppLaunch.of(StreamScoreApp.DRIFT, DriftFlags.SPEC, settings));
    }

    /** The lag's lowest reading in a second: the committed lag climbs between two commits and drops at each. */
    private static long lowestLagOfASecond(ConsumerLag lag) throws InterruptedException {
        long end = System.nanoTime() + 1_000_000_000L;
        long lowest = Long.MAX_VALUE;
        while (System.nanoTime() < end) {
            lowest = Math.min(lowest, lag.lag());
            Thread.sleep(200);
        }
        return lowest;
    }

    private void progress(long start, DriftLoadGenerator generator, long lag, String note) {
        out.printf("    t=%5.1fs  events sent %9d  lag %8d records%s%n", (System.nanoTime() - start) / 1e9, generator.sent(),
                lag, note);
    }

    record Restored(long records, long millis) {
    }

    private static Restored restored(String log) {
        long records = 0;
        long millis = 0;
        for (String line : log.split("\n")) {
            Matcher m = RESTORED.matcher(line);
            if (m.find()) {
                records += Long.parseLong(m.group(1));
                Matcher ms = Pattern.compile(" in (\\d+) ms").matcher(line);
                if (ms.find()) {
                    millis += Long.parseLong(ms.group(1));
                }
            }
        }
        return new Restored(records, millis);
    }

    private String table(List<Result> results) {
        StringBuilder s = new StringBuilder();
        s.append(String.format("drift-stream takeover (%s, this machine): two instances, %.0f events/s (prediction + label),"
                + " labels %d s after their events, %d input partitions, session timeout %d s; kill -9 of one after %d s.%n%n",
                Instant.now(), rate, labelDelay.toSeconds(), partitions, SESSION_TIMEOUT.toSeconds(), before.toSeconds()));
        s.append("| standby replicas | kill to lag back where it was | records the survivor restored | its restore time (sum) |"
                + " lag before / peak |\n|---|---|---|---|---|\n");
        for (Result r : results) {
            s.append(String.format("| %d | %s | %,d | %.1f s | %,d / %,d |%n", r.standbys(),
                    r.recoverySeconds() == null ? "not within the run" : String.format("%.1f s", r.recoverySeconds()),
                    r.restoredRecords(), r.restoreMillis() / 1e3, r.lagBefore(), r.maxLag()));
        }
        return s.toString();
    }
}
