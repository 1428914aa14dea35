package dev.streamscore.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamscore.config.ConfigValues;
import dev.streamscore.drift.DriftConfig;
import dev.streamscore.lifecycle.LifecycleSettings;
import dev.streamscore.lifecycle.RetrainSettings;
import dev.streamscore.model.training.TrainerMain;
import dev.streamscore.scoring.ScoringConfig;
import dev.streamscore.scoring.publish.PublishMain;
import dev.streamscore.simulator.SimulatorMain;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every {@code streamscore} command the READMEs show works as written, up to connecting: its
 * command exists, and its flags and values are accepted by the parser of the app it runs (each
 * app's own dry run: the settings it would start with, built without connecting, reading or
 * writing anything). And every flag a command's help advertises is one its app knows. Two README
 * commands broke this way once: {@code train --version 1} (swallowed by picocli's own --version)
 * and {@code monitor --grace 10s} in the help (the app's key is window-grace).
 */
class ReadmeCommandsTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Pattern FENCE = Pattern.compile("(?ms)^```(bash|sh|shell)\\n(.*?)^```");
    private static final Pattern FLAG = Pattern.compile("(?<![\\w-])--([a-z][a-z0-9-]*(?:\\.[a-z0-9.<>-]*)?)");
    /** Flags a ConfigValues app takes besides its keys: the client pass-through, and drift-stream's alert overrides. */
    private static final List<String> PASS_THROUGH = Stream.concat(ConfigValues.CLIENT_PREFIXES.stream(),
            Stream.of("alert.")).toList();

    /** A command as a README shows it: where, and its words after {@code streamscore}. */
    record ReadmeCommand(String where, List<String> words) {
        String name() {
            return words.get(0);
        }

        String[] args() {
            return words.subList(1, words.size()).toArray(String[]::new);
        }
    }

    /** The app behind each command that runs one: its dry run. The picocli-only commands parse with picocli. */
    private static final Map<String, Consumer<String[]>> DRY_RUNS = Map.of(
            "score", args -> ScoringConfig.from(args, Map.of()),
            "monitor", args -> DriftConfig.from(args, Map.of()),
            "publish", args -> PublishMain.parse(args, Map.of()),
            "retrain", args -> RetrainSettings.from(args, Map.of()),
            "lifecycle", args -> LifecycleSettings.from(args, Map.of()),
            "train", TrainerMain::parse,
            "produce", SimulatorMain::check);

    @Test
    void everyReadmeCommandIsAcceptedByItsApp() throws IOException {
        List<ReadmeCommand> commands = readmeCommands();
        assertThat(commands).extracting(ReadmeCommand::name).as("the READMEs' commands, found")
                .contains("demo", "stack", "produce", "train", "publish", "score", "monitor", "tail", "retrain", "lifecycle");
        Set<String> known = StreamScoreCli.commandLine().getSubcommands().keySet();
        for (ReadmeCommand c : commands) {
            assertThat(known).as("%s: streamscore %s", c.where(), c.name()).contains(c.name());
            Consumer<String[]> dryRun = DRY_RUNS.get(c.name());
            if (dryRun != null) {
                assertThatCode(() -> dryRun.accept(c.args())).as("%s: streamscore %s", c.where(), String.join(" ", c.words()))
                        .doesNotThrowAnyException();
            } else {
                CommandLine cli = StreamScoreCli.commandLine();
                assertThatCode(() -> cli.parseArgs(c.words().toArray(String[]::new)))
                        .as("%s: streamscore %s", c.where(), String.join(" ", c.words())).doesNotThrowAnyException();
            }
        }
    }

    @Test
    void theDryRunsRejectWhatTheAppsWould() {
        // The two that broke once, and a bad value.
        assertThatThrownBy(() -> DriftConfig.from(new String[] {"--grace", "10s"}, Map.of()))
                .hasMessageContaining("grace");
        assertThatThrownBy(() -> TrainerMain.parse(new String[] {"--data", "d.csv", "--out", "m", "--seed", "x"}))
                .hasMessageContaining("--seed");
        assertThatThrownBy(() -> SimulatorMain.check(new String[] {"--bootstrap-servers", "b:9092", "--duration", "5 mins"}))
                .hasMessageContaining("duration");
        assertThatThrownBy(() -> PublishMain.parse(new String[] {"--bundle", "b", "--role", "captain"}, Map.of()))
                .hasMessageContaining("captain");
    }

    @Test
    void everyFlagAHelpAdvertisesIsOneItsAppKnows() throws Exception {
        Map<String, Set<String>> keys = Map.of(
                "score", keys(ScoringConfig.class, "KEYS"),
                "monitor", keys(DriftConfig.class, "KEYS"),
                "publish", keys(PublishMain.class, "KEYS"),
                "retrain", keys(RetrainSettings.class, "KEYS"),
                "lifecycle", keys(LifecycleSettings.class, "KEYS"),
                "train", keys(TrainerMain.class, "KEYS"),
                "produce", keys(SimulatorMain.class, "COMMON", "FILE", "LIVE"));
        CommandLine cli = StreamScoreCli.commandLine();
        for (Map.Entry<String, Set<String>> app : keys.entrySet()) {
            String footer = String.join("\n", cli.getSubcommands().get(app.getKey()).getCommandSpec().usageMessage().footer());
            Set<String> advertised = new TreeSet<>();
            Matcher m = FLAG.matcher(footer);
            while (m.find()) {
                advertised.add(m.group(1));
            }
            assertThat(advertised).as("flags in the help of %s", app.getKey()).isNotEmpty();
            for (String flag : advertised) {
                boolean passThrough = PASS_THROUGH.stream().anyMatch(flag::startsWith);
                assertThat(passThrough || flag.equals("config") || app.getValue().contains(flag))
                        .as("--%s in the help of streamscore %s is a flag its app knows", flag, app.getKey()).isTrue();
            }
        }
    }

    /** Every command in the bash blocks of the repository's READMEs, continuation lines joined, comments dropped. */
    static List<ReadmeCommand> readmeCommands() throws IOException {
        List<Path> readmes = new ArrayList<>();
        readmes.add(ROOT.resolve("README.md"));
        try (Stream<Path> files = Files.walk(ROOT, 3)) {
            files.filter(p -> p.getFileName().toString().equals("README.md") && !p.equals(ROOT.resolve("README.md")))
                    .filter(p -> {
                        String inside = "/" + ROOT.relativize(p);
                        return !inside.contains("/target/") && !inside.contains("/node_modules/") && !inside.contains("/.");
                    }).sorted().forEach(readmes::add);
        }
        List<ReadmeCommand> out = new ArrayList<>();
        for (Path readme : readmes) {
            Matcher block = FENCE.matcher(Files.readString(readme));
            while (block.find()) {
                for (String line : block.group(2).replace("\\\n", " ").split("\n")) {
                    List<String> words = words(line);
                    int at = words.indexOf("./streamscore");
                    if (at < 0 && !words.isEmpty() && words.get(0).equals("streamscore")) {
                        at = 0;
                    }
                    if (at >= 0 && words.size() > at + 1) {
                        out.add(new ReadmeCommand(ROOT.relativize(readme) + ": " + line.strip(),
                                List.copyOf(words.subList(at + 1, words.size()))));
                    }
                }
            }
        }
        return out;
    }

    /** A shell line's words: quotes grouped and removed, a comment (# after a space) and what follows dropped. */
    static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                word = word == null ? new StringBuilder() : word;
            } else if (Character.isWhitespace(c)) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
            } else if (c == '#' && word == null) {
                break;
            } else {
                word = word == null ? new StringBuilder() : word;
                word.append(c);
            }
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }

    @SuppressWarnings("unchecked")
    private static Set<String> keys(Class<?> type, String... fields) throws ReflectiveOperationException {
        Set<String> keys = new HashSet<>();
        for (String name : fields) {
            Field field = type.getDeclaredField(name);
            field.setAccessible(true);
            keys.addAll((Set<String>) field.get(null));
        }
        return keys;
    }
}
