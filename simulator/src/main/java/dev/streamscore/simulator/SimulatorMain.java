package dev.streamscore.simulator;

import dev.streamscore.config.ConfigValues;
import dev.streamscore.config.SettingsSpec;
import dev.streamscore.simulator.files.TrainingDataWriter;
import dev.streamscore.simulator.files.TrainingFileFormat;
import dev.streamscore.simulator.files.TrainingFileSummary;
import dev.streamscore.simulator.live.LiveStreamConfig;
import dev.streamscore.simulator.live.LiveStreamProducer;
import dev.streamscore.simulator.live.LiveStreamStats;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;

/**
 * The simulator's command line: writes a training file ({@code --out}) or streams to Kafka
 * ({@code --bootstrap-servers}); settings as every app takes them ({@link ConfigValues}), declared in
 * {@link #SPEC}; run with {@code --help} for the list.
 */
public final class SimulatorMain {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    /** Every setting of {@code streamscore produce}; which apply depends on the mode ({@link #FILE}, {@link #LIVE}). */
    public static final SettingsSpec SPEC = SettingsSpec.builder("streamscore produce",
                    "Run the simulator: a training file (--out) or card transactions and delayed labels to Kafka at a rate "
                            + "(--bootstrap-servers). Scenarios: " + Scenario.knownNames() + ".")
            .add("seed", SimulatorConfig.DEFAULT_SEED, "every random draw derives from it")
            .add("rate", SimulatorConfig.DEFAULT_EVENTS_PER_SECOND, "events per second (event-time spacing; live send rate)")
            .add("start", null, "event_time of the first event, ISO-8601 (files: "
                    + SimulatorConfig.DEFAULT_START_TIME + ", live: now)")
            .add("scenario", "stationary", "drift schedule, e.g. stationary,covariate_shift@2m")
            .add("label-delay", SimulatorConfig.DEFAULT_LABEL_DELAY_MEDIAN, "median label delay in simulated time")
            .add("fraud-rate", SimulatorConfig.DEFAULT_FRAUD_RATE, "stationary fraud rate")
            .add("cards", SimulatorConfig.DEFAULT_CARD_COUNT, "card population size")
            .add("out", null, "training file: where to write it (FILE.csv or FILE.avro)")
            .add("rows", 100_000, "training file: rows to write")
            .add("format", null, "training file: csv or avro (default: by the file's extension)")
            .add("bootstrap-servers", null, "live stream: Kafka bootstrap servers")
            .add("registry-url", null, "live stream: Confluent-compatible schema registry")
            .add("topic", LiveStreamConfig.DEFAULT_TOPIC, "live stream: feature events topic")
            .add("labels-topic", LiveStreamConfig.DEFAULT_LABELS_TOPIC, "live stream: labels topic")
            .add("duration", null, "live stream: stop after this long (default: until stopped)")
            .add("events", 0, "live stream: stop after this many events (0: no limit)")
            .add("time-compression", 1.0, "live stream: labels are sent this many times sooner than their simulated delay")
            .passThrough("kafka.", "live stream: any Kafka producer property (security.protocol, sasl.*, ssl.*)")
            .build();

    private static final Set<String> FILE = Set.of("out", "rows", "format");
    private static final Set<String> LIVE = Set.of("bootstrap-servers", "registry-url", "topic", "labels-topic",
            "duration", "events", "time-compression");

    private SimulatorMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command with this process's environment; returns the exit code (0 ok, 1 failed, 2 bad usage). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, System.getenv(), out, err);
    }

    /** Runs the command with settings from {@code args} and {@code environment}; returns the exit code. */
    public static int run(String[] args, Map<String, String> environment, PrintStream out, PrintStream err) {
        if (SettingsSpec.wantsHelp(args)) {
            out.print(SPEC.help());
            return OK;
        }
        ConfigValues flags;
        boolean fileMode;
        SimulatorConfig simulation;
        try {
            flags = SPEC.parse(args, environment);
            fileMode = fileMode(flags);
            simulation = simulatorConfig(flags, !fileMode);
        } catch (IllegalArgumentException e) {
            err.println("simulator: " + e.getMessage());
            err.println("See: streamscore produce --help");
            return USAGE;
        }
        try {
            return fileMode ? writeFile(flags, simulation, out) : stream(flags, simulation, out);
        } catch (IllegalArgumentException e) {
            err.println("simulator: " + e.getMessage());
            return USAGE;
        } catch (IOException | RuntimeException e) {
            err.println("simulator: failed: " + e);
            return FAILED;
        }
    }

    /**
     * Checks the flags as {@link #run} does, without writing or sending anything (a dry run);
     * throws {@link IllegalArgumentException} naming the first bad one.
     */
    public static void check(String[] args) {
        if (SettingsSpec.wantsHelp(args)) {
            return;
        }
        ConfigValues flags = SPEC.parse(args, Map.of());
        boolean fileMode = fileMode(flags);
        simulatorConfig(flags, !fileMode);
        if (fileMode) {
            rows(flags);
            format(flags, Path.of(flags.string("out")));
        } else {
            liveStreamConfig(flags);
        }
    }

    /**
     * True for a training file (--out), false for a live stream; throws when the flags mix the two.
     * Only flags are judged: a container's environment often carries the live settings of the other
     * StreamScore apps ({@code STREAMSCORE_BOOTSTRAP_SERVERS}), which a training file ignores.
     */
    private static boolean fileMode(ConfigValues flags) {
        boolean fileMode = flags.string("out") != null;
        boolean liveMode = flags.string("bootstrap-servers") != null || flags.kafkaProperties().containsKey("bootstrap.servers");
        if (!fileMode && !liveMode) {
            throw new IllegalArgumentException("give either --out (training file) or --bootstrap-servers (live stream)");
        }
        for (String name : flags.flagged()) {
            if ((fileMode ? LIVE : FILE).contains(name) || fileMode && name.startsWith("kafka.")) {
                throw new IllegalArgumentException("--" + name + " does not apply to a "
                        + (fileMode ? "training file" : "live stream") + ": give either --out (training file) or "
                        + "--bootstrap-servers (live stream)");
            }
        }
        return fileMode;
    }

    private static long rows(ConfigValues flags) {
        return flags.longValue("rows", 0);
    }

    private static TrainingFileFormat format(ConfigValues flags, Path file) {
        String format = flags.string("format");
        return format != null ? wrap("format", format, TrainingFileFormat::fromName) : TrainingFileFormat.forFile(file);
    }

    private static int writeFile(ConfigValues flags, SimulatorConfig simulation, PrintStream out) throws IOException {
        Path file = Path.of(flags.string("out"));
        long rows = rows(flags);
        TrainingFileFormat format = format(flags, file);
        TrainingFileSummary summary = new TrainingDataWriter(simulation).write(file, format, rows);
        out.printf(Locale.ROOT, "Wrote %d rows (%d fraud, %.2f %%) as %s to %s%n", summary.rows(), summary.frauds(),
                summary.fraudRate() * 100, summary.format(), summary.file());
        return OK;
    }

    private static int stream(ConfigValues flags, SimulatorConfig simulation, PrintStream out) {
        Properties kafka = new Properties();
        kafka.putAll(flags.kafkaProperties());
        if (flags.string("bootstrap-servers") != null) {
            kafka.setProperty("bootstrap.servers", flags.string("bootstrap-servers"));
        }
        LiveStreamProducer producer = new LiveStreamProducer(simulation, liveStreamConfig(flags), kafka);
        Thread hook = new Thread(producer::close, "simulator-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        LiveStreamStats stats;
        try {
            stats = producer.run();
        } finally {
            producer.close();
        }
        out.printf(Locale.ROOT, "Sent %d events and %d labels in %.1f s; %d send errors, %d labels not sent%n",
                stats.eventsSent(), stats.labelsSent(), stats.elapsed().toMillis() / 1000.0, stats.sendErrors(),
                stats.labelsPending());
        return stats.sendErrors() == 0 ? OK : FAILED;
    }

    private static LiveStreamConfig liveStreamConfig(ConfigValues flags) {
        LiveStreamConfig live = LiveStreamConfig.defaults().withRegistryUrl(flags.string("registry-url"));
        live = wrap("labels-topic", live, c -> c.withTopics(flags.string("topic"), flags.string("labels-topic")));
        long events = flags.longValue("events", 0);
        live = wrap("events", live, c -> c.withMaxEvents(events));
        if (flags.string("duration") != null) {
            live = live.withMaxDuration(flags.duration("duration", null, Duration.ZERO));
        }
        double compression = flags.decimal("time-compression");
        return wrap("time-compression", live, c -> c.withTimeCompression(compression));
    }

    private static SimulatorConfig simulatorConfig(ConfigValues flags, boolean live) {
        SimulatorConfig config = SimulatorConfig.defaults().withSeed(flags.longValue("seed", Long.MIN_VALUE));
        double rate = flags.decimal("rate");
        double fraudRate = flags.decimal("fraud-rate");
        int cards = flags.integer("cards", 0);
        config = wrap("rate", config, c -> c.withEventsPerSecond(rate));
        config = wrap("fraud-rate", config, c -> c.withFraudRate(fraudRate));
        config = wrap("cards", config, c -> c.withCardCount(cards));
        String start = flags.string("start");
        if (start != null) {
            config = wrap("start", config, c -> {
                try {
                    return c.withStartTime(Instant.parse(start));
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException("'" + start + "' is not an ISO-8601 instant such as 2026-01-01T00:00:00Z", e);
                }
            });
        } else if (live) {
            config = config.withStartTime(Instant.now().truncatedTo(ChronoUnit.MILLIS));
        }
        String scenario = flags.string("scenario");
        config = wrap("scenario", config, c -> c.withSchedule(ScenarioSchedule.parse(scenario)));
        Duration labelDelay = flags.duration("label-delay", Duration.ZERO);
        return wrap("label-delay", config, c -> c.withLabelDelayMedian(labelDelay));
    }

    /** Applies {@code change} and prefixes its error with the flag's name. */
    private static <T, R> R wrap(String name, T value, Function<T, R> change) {
        try {
            return change.apply(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--" + name + ": " + e.getMessage(), e);
        }
    }
}
