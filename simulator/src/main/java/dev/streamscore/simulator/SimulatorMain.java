package dev.streamscore.simulator;

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
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The simulator's command line: writes a training file ({@code --out}) or streams to Kafka
 * ({@code --bootstrap-servers}). Plain {@code --name value} (or {@code --name=value}) flags; run
 * with {@code --help} for the list.
 */
public final class SimulatorMain {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    private static final String KAFKA_PREFIX = "kafka.";
    private static final Set<String> COMMON = Set.of("seed", "rate", "start", "scenario", "label-delay", "fraud-rate", "cards");
    private static final Set<String> FILE = Set.of("out", "rows", "format");
    private static final Set<String> LIVE = Set.of("bootstrap-servers", "registry-url", "topic", "labels-topic",
            "duration", "events", "time-compression");

    private static final String USAGE_TEXT = """
            Usage:
              training file: --out PATH [--rows 100000] [--format csv|avro] [common flags]
              live stream:   --bootstrap-servers HOST:PORT --registry-url URL [--topic feature-events]
                             [--labels-topic labels] [--duration 10m] [--events N] [--time-compression 1]
                             [--kafka.<client property> VALUE ...] [common flags]
            Common flags:
              --seed 42                 every random draw derives from it
              --rate 100                events per second (event-time spacing; live send rate)
              --start INSTANT           event_time of the first event (files: 2026-01-01T00:00:00Z, live: now)
              --scenario SCHEDULE       e.g. stationary,covariate_shift@2m (scenarios: %s)
              --label-delay 3m          median label delay in simulated time
              --fraud-rate 0.025        stationary fraud rate
              --cards 50000             card population size
            Durations: 500ms, 90s, 2m, 1h, 1d or ISO-8601 (PT2M).
            """;

    private SimulatorMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command; returns the exit code (0 ok, 1 failed, 2 bad usage). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Map<String, String> flags;
        Properties kafka = new Properties();
        try {
            flags = parseFlags(args, kafka);
        } catch (IllegalArgumentException e) {
            err.println("simulator: " + e.getMessage());
            err.print(usage());
            return USAGE;
        }
        if (flags.containsKey("help")) {
            out.print(usage());
            return OK;
        }
        try {
            boolean fileMode = fileMode(flags, kafka);
            SimulatorConfig simulation = simulatorConfig(flags, !fileMode);
            return fileMode ? writeFile(flags, simulation, out) : stream(flags, kafka, simulation, out);
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
        Properties kafka = new Properties();
        Map<String, String> flags = parseFlags(args, kafka);
        if (flags.containsKey("help")) {
            return;
        }
        boolean fileMode = fileMode(flags, kafka);
        simulatorConfig(flags, !fileMode);
        if (fileMode) {
            rows(flags);
            format(flags, Path.of(flags.get("out")));
        } else {
            liveStreamConfig(flags);
        }
    }

    /** True for a training file (--out), false for a live stream; throws when the flags mix the two. */
    private static boolean fileMode(Map<String, String> flags, Properties kafka) {
        boolean fileMode = flags.containsKey("out");
        boolean liveMode = flags.containsKey("bootstrap-servers") || kafka.containsKey("bootstrap.servers");
        if (fileMode == liveMode) {
            throw new IllegalArgumentException("give either --out (training file) or --bootstrap-servers (live stream)");
        }
        for (String name : flags.keySet()) {
            if (!COMMON.contains(name) && !(fileMode ? FILE : LIVE).contains(name)) {
                throw new IllegalArgumentException("--" + name + " does not apply to a "
                        + (fileMode ? "training file" : "live stream"));
            }
        }
        if (fileMode && !kafka.isEmpty()) {
            throw new IllegalArgumentException("--kafka.* flags do not apply to a training file");
        }
        return fileMode;
    }

    private static long rows(Map<String, String> flags) {
        long rows = parseLong(flags, "rows", 100_000);
        if (rows < 0) {
            throw new IllegalArgumentException("--rows must not be negative, got " + rows);
        }
        return rows;
    }

    private static TrainingFileFormat format(Map<String, String> flags, Path file) {
        return flags.containsKey("format") ? parse("format", flags, TrainingFileFormat::fromName)
                : TrainingFileFormat.forFile(file);
    }

    private static int writeFile(Map<String, String> flags, SimulatorConfig simulation, PrintStream out) throws IOException {
        Path file = Path.of(flags.get("out"));
        long rows = rows(flags);
        TrainingFileFormat format = format(flags, file);
        TrainingFileSummary summary = new TrainingDataWriter(simulation).write(file, format, rows);
        out.printf(Locale.ROOT, "Wrote %d rows (%d fraud, %.2f %%) as %s to %s%n", summary.rows(), summary.frauds(),
                summary.fraudRate() * 100, summary.format(), summary.file());
        return OK;
    }

    private static int stream(Map<String, String> flags, Properties kafka, SimulatorConfig simulation, PrintStream out) {
        if (flags.containsKey("bootstrap-servers")) {
            kafka.setProperty("bootstrap.servers", flags.get("bootstrap-servers"));
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

    private static LiveStreamConfig liveStreamConfig(Map<String, String> flags) {
        LiveStreamConfig live = LiveStreamConfig.defaults().withRegistryUrl(flags.get("registry-url"));
        String topic = flags.getOrDefault("topic", live.topic());
        String labelsTopic = flags.getOrDefault("labels-topic", live.labelsTopic());
        live = wrap("labels-topic", live, c -> c.withTopics(topic, labelsTopic));
        long events = parseLong(flags, "events", live.maxEvents());
        live = wrap("events", live, c -> c.withMaxEvents(events));
        if (flags.containsKey("duration")) {
            Duration duration = parse("duration", flags, DurationText::parse);
            live = live.withMaxDuration(duration);
        }
        double compression = parseDouble(flags, "time-compression", live.timeCompression());
        return wrap("time-compression", live, c -> c.withTimeCompression(compression));
    }

    private static SimulatorConfig simulatorConfig(Map<String, String> flags, boolean live) {
        SimulatorConfig defaults = SimulatorConfig.defaults();
        SimulatorConfig config = defaults;
        long seed = parseLong(flags, "seed", defaults.seed());
        double rate = parseDouble(flags, "rate", defaults.eventsPerSecond());
        double fraudRate = parseDouble(flags, "fraud-rate", defaults.fraudRate());
        long cards = parseLong(flags, "cards", defaults.cardCount());
        config = config.withSeed(seed);
        config = wrap("rate", config, c -> c.withEventsPerSecond(rate));
        config = wrap("fraud-rate", config, c -> c.withFraudRate(fraudRate));
        if (cards > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("--cards: " + cards + " is too many");
        }
        config = wrap("cards", config, c -> c.withCardCount((int) cards));
        if (flags.containsKey("start")) {
            config = wrap("start", config, c -> {
                try {
                    return c.withStartTime(Instant.parse(flags.get("start").strip()));
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException("'" + flags.get("start")
                            + "' is not an ISO-8601 instant such as 2026-01-01T00:00:00Z", e);
                }
            });
        } else if (live) {
            config = config.withStartTime(Instant.now().truncatedTo(ChronoUnit.MILLIS));
        }
        if (flags.containsKey("scenario")) {
            config = wrap("scenario", config, c -> c.withSchedule(ScenarioSchedule.parse(flags.get("scenario"))));
        }
        if (flags.containsKey("label-delay")) {
            config = wrap("label-delay", config, c -> c.withLabelDelayMedian(DurationText.parse(flags.get("label-delay"))));
        }
        return config;
    }

    /** {@code --name value} and {@code --name=value} into a map; {@code --kafka.x value} into {@code kafka}. */
    private static Map<String, String> parseFlags(String[] args, Properties kafka) {
        Map<String, String> flags = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'");
            }
            String name = arg.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (name.equals("help")) {
                value = "";
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException("--" + name + " needs a value");
            }
            if (name.startsWith(KAFKA_PREFIX) && name.length() > KAFKA_PREFIX.length()) {
                kafka.setProperty(name.substring(KAFKA_PREFIX.length()), value);
            } else if (name.equals("help") || COMMON.contains(name) || FILE.contains(name) || LIVE.contains(name)) {
                if (flags.put(name, value) != null) {
                    throw new IllegalArgumentException("--" + name + " is given twice");
                }
            } else {
                throw new IllegalArgumentException("unknown flag --" + name);
            }
        }
        return flags;
    }

    private static long parseLong(Map<String, String> flags, String name, long defaultValue) {
        String value = flags.get(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Long.parseLong(value.strip().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + ": '" + value + "' is not a whole number", e);
        }
    }

    private static double parseDouble(Map<String, String> flags, String name, double defaultValue) {
        String value = flags.get(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Double.parseDouble(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + ": '" + value + "' is not a number", e);
        }
    }

    /** Applies {@code change} and prefixes its error with the flag's name. */
    private static <T> T wrap(String name, T value, UnaryOperator<T> change) {
        try {
            return change.apply(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--" + name + ": " + e.getMessage(), e);
        }
    }

    /** Parses a flag's value and prefixes its error with the flag's name. */
    private static <T> T parse(String name, Map<String, String> flags, Function<String, T> parser) {
        try {
            return parser.apply(flags.get(name));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--" + name + ": " + e.getMessage(), e);
        }
    }

    private static String usage() {
        return String.format(Locale.ROOT, USAGE_TEXT, Scenario.knownNames());
    }
}
