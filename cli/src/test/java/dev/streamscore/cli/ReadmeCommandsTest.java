package dev.streamscore.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamscore.config.SettingsSpec;
import dev.streamscore.drift.DriftApp;
import dev.streamscore.drift.DriftConfig;
import dev.streamscore.drift.DriftFlags;
import dev.streamscore.lifecycle.LifecycleFlags;
import dev.streamscore.lifecycle.LifecycleSettings;
import dev.streamscore.lifecycle.RetrainSettings;
import dev.streamscore.local.LocalStackConfig;
import dev.streamscore.local.LocalStackMain;
import dev.streamscore.model.training.TrainerMain;
import dev.streamscore.scoring.ScoringConfig;
import dev.streamscore.scoring.ScoringFlags;
import dev.streamscore.scoring.ScoringJob;
import dev.streamscore.scoring.publish.PublishMain;
import dev.streamscore.simulator.SimulatorMain;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every {@code streamscore} and {@code ./mvnw ... exec:exec} command the READMEs show works as
 * written, up to connecting: its command (or the module's exec execution) exists, and its flags and
 * values are accepted by the parser of the app it runs (each app's own dry run: the settings it
 * would start with, built without connecting, reading or writing anything); a {@code ./mvnw exec}
 * command passes its flags in the property its execution reads; and a command that points at the
 * local stack uses the stack's ports. And each app command's {@code --help} is its app's own settings
 * declaration, the one its parser reads. Two README commands broke once: {@code train --version 1}
 * (swallowed by picocli's own --version) and {@code monitor --grace 10s} in a hand-written help (the
 * app's key is window-grace).
 */
class ReadmeCommandsTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Pattern FENCE = Pattern.compile("(?ms)^```(bash|sh|shell)\\n(.*?)^```");

    /** A command as a README shows it: where, and its words after {@code streamscore}. */
    record ReadmeCommand(String where, List<String> words) {
        String name() {
            return words.get(0);
        }

        String[] args() {
            return words.subList(1, words.size()).toArray(String[]::new);
        }
    }

    /** A {@code ./mvnw ... -pl module exec:exec[@execution] -Dproperty=flags} command as a README shows it. */
    record MavenExecCommand(String where, String module, String execution, Map<String, String> properties) {
    }

    /** What a module's exec execution runs: its main class, and the property its flags come from (null: none). */
    record ExecTarget(String mainClass, String argsProperty) {
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

    /** The same dry runs by the main class a {@code ./mvnw exec} execution starts. */
    private static final Map<String, Consumer<String[]>> DRY_RUNS_BY_MAIN = Map.of(
            ScoringJob.class.getName(), DRY_RUNS.get("score"),
            DriftApp.class.getName(), DRY_RUNS.get("monitor"),
            PublishMain.class.getName(), DRY_RUNS.get("publish"),
            TrainerMain.class.getName(), DRY_RUNS.get("train"),
            SimulatorMain.class.getName(), DRY_RUNS.get("produce"),
            LocalStackMain.class.getName(), args -> LocalStackMain.dataDir(args, Map.of()));

    @Test
    void everyReadmeMavenExecCommandRunsAnAppThatAcceptsItsFlags() throws IOException {
        List<MavenExecCommand> commands = readmeMavenExecCommands();
        assertThat(commands).extracting(MavenExecCommand::module).as("the READMEs' ./mvnw exec commands, found")
                .contains("scoring-stream", "simulator", "drift-stream", "deploy/local");
        for (MavenExecCommand c : commands) {
            ExecTarget target = execTarget(c.module(), c.execution());
            assertThat(target).as("%s: an exec execution %s in %s/pom.xml", c.where(), c.execution(), c.module()).isNotNull();
            assertThat(c.properties().keySet()).as("%s: flags go in the property %s/pom.xml's execution reads", c.where(),
                    c.module()).isSubsetOf(target.argsProperty() == null ? Set.of() : Set.of(target.argsProperty()));
            Consumer<String[]> dryRun = DRY_RUNS_BY_MAIN.get(target.mainClass());
            assertThat(dryRun).as("%s: a dry run for %s", c.where(), target.mainClass()).isNotNull();
            String[] args = words(c.properties().getOrDefault(target.argsProperty(), "")).toArray(String[]::new);
            assertThatCode(() -> dryRun.accept(args)).as(c.where()).doesNotThrowAnyException();
            assertUsesTheLocalStackPorts(c.where(), List.of(args));
        }
    }

    @Test
    void everyReadmeCommandThatPointsAtTheLocalStackUsesItsPorts() throws IOException {
        for (ReadmeCommand c : readmeCommands()) {
            assertUsesTheLocalStackPorts(c.where(), c.words());
        }
    }

    /** {@code --registry-url} and {@code --bootstrap-servers} on 127.0.0.1 name the local stack's ports. */
    private static void assertUsesTheLocalStackPorts(String where, List<String> words) {
        for (int i = 0; i + 1 < words.size(); i++) {
            String value = words.get(i + 1);
            if (words.get(i).equals("--registry-url") && value.contains("127.0.0.1:")) {
                assertThat(value).as("%s: the local stack's registry", where)
                        .startsWith("http://127.0.0.1:" + LocalStackConfig.DEFAULT_REGISTRY_PORT + "/");
            }
            if (words.get(i).equals("--bootstrap-servers") && value.startsWith("127.0.0.1:")) {
                assertThat(value).as("%s: the local stack's broker", where)
                        .startsWith("127.0.0.1:" + LocalStackConfig.DEFAULT_KAFKA_PORT);
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

    /** The settings each app command's {@code --help} must show: the declarations its app parses with. */
    private static final Map<String, SettingsSpec> SETTINGS = Map.of(
            "score", ScoringFlags.SPEC,
            "monitor", DriftFlags.SPEC,
            "publish", PublishMain.SPEC,
            "retrain", LifecycleFlags.RETRAIN,
            "lifecycle", LifecycleFlags.LIFECYCLE,
            "train", TrainerMain.SPEC,
            "produce", SimulatorMain.SPEC);

    @Test
    void everyAppCommandsHelpIsItsAppsOwnSettingsDeclaration() {
        for (Map.Entry<String, SettingsSpec> app : SETTINGS.entrySet()) {
            StringWriter out = new StringWriter();
            CommandLine cli = StreamScoreCli.commandLine();
            cli.setOut(new PrintWriter(out, true));
            assertThat(cli.execute(app.getKey(), "--help")).as("streamscore %s --help", app.getKey()).isZero();
            assertThat(out.toString()).as("streamscore %s --help", app.getKey()).isEqualTo(app.getValue().help());
            for (String key : app.getValue().keys()) {
                assertThat(out.toString()).as("streamscore %s --help lists --%s", app.getKey(), key).contains("--" + key + " ");
            }
        }
    }

    /** Every {@code ./mvnw ... exec:exec} command in the bash blocks of the repository's READMEs. */
    static List<MavenExecCommand> readmeMavenExecCommands() throws IOException {
        List<MavenExecCommand> out = new ArrayList<>();
        for (Map.Entry<String, List<String>> line : shellLines().entrySet()) {
            List<String> words = line.getValue();
            if (words.isEmpty() || !words.get(0).equals("./mvnw")) {
                continue;
            }
            String module = null;
            String execution = null;
            Map<String, String> properties = new HashMap<>();
            for (int i = 1; i < words.size(); i++) {
                String w = words.get(i);
                if (w.equals("-pl") && i + 1 < words.size()) {
                    module = words.get(++i);
                } else if (w.startsWith("exec:exec")) {
                    execution = w.startsWith("exec:exec@") ? w.substring("exec:exec@".length()) : "";
                } else if (w.startsWith("-D") && w.contains("=")) {
                    properties.put(w.substring(2, w.indexOf('=')), w.substring(w.indexOf('=') + 1));
                }
            }
            if (execution != null) {
                out.add(new MavenExecCommand(line.getKey(), module, execution, properties));
            }
        }
        return out;
    }

    /** The main class and the args property of a module's exec execution ("" for the plugin's own configuration). */
    static ExecTarget execTarget(String module, String execution) throws IOException {
        String pom = Files.readString(ROOT.resolve(module).resolve("pom.xml"));
        int plugin = pom.indexOf("<artifactId>exec-maven-plugin</artifactId>");
        if (plugin < 0) {
            return null;
        }
        String section = pom.substring(plugin, pom.indexOf("</plugin>", plugin));
        if (!execution.isEmpty()) {
            int at = section.indexOf("<id>" + execution + "</id>");
            if (at < 0) {
                return null;
            }
            section = section.substring(at, section.indexOf("</execution>", at));
        }
        Matcher args = Pattern.compile("<commandlineArgs>[^<]*%classpath\\s+(\\S+)(?:\\s+\\$\\{([^}]+)})?\\s*</commandlineArgs>")
                .matcher(section);
        if (args.find()) {
            return new ExecTarget(args.group(1), args.group(2));
        }
        Matcher arguments = Pattern.compile("<classpath\\s*/>\\s*<argument>([\\w.]+)</argument>\\s*</arguments>").matcher(section);
        return arguments.find() ? new ExecTarget(arguments.group(1), null) : null;
    }

    /** Every command in the bash blocks of the repository's READMEs, continuation lines joined, comments dropped. */
    static List<ReadmeCommand> readmeCommands() throws IOException {
        List<ReadmeCommand> out = new ArrayList<>();
        for (Map.Entry<String, List<String>> line : shellLines().entrySet()) {
            List<String> words = line.getValue();
            int at = words.indexOf("./streamscore");
            if (at < 0 && !words.isEmpty() && words.get(0).equals("streamscore")) {
                at = 0;
            }
            if (at >= 0 && words.size() > at + 1) {
                out.add(new ReadmeCommand(line.getKey(), List.copyOf(words.subList(at + 1, words.size()))));
            }
        }
        return out;
    }

    /** Each line of the READMEs' bash blocks (where: "README: line") and its words, in README order. */
    private static Map<String, List<String>> shellLines() throws IOException {
        List<Path> readmes = new ArrayList<>();
        readmes.add(ROOT.resolve("README.md"));
        try (Stream<Path> files = Files.walk(ROOT, 3)) {
            files.filter(p -> p.getFileName().toString().equals("README.md") && !p.equals(ROOT.resolve("README.md")))
                    .filter(p -> {
                        String inside = "/" + ROOT.relativize(p);
                        return !inside.contains("/target/") && !inside.contains("/node_modules/") && !inside.contains("/.");
                    }).sorted().forEach(readmes::add);
        }
        Map<String, List<String>> lines = new LinkedHashMap<>();
        for (Path readme : readmes) {
            Matcher block = FENCE.matcher(Files.readString(readme));
            while (block.find()) {
                for (String line : block.group(2).replace("\\\n", " ").split("\n")) {
                    lines.put(ROOT.relativize(readme) + ": " + line.strip(), words(line));
                }
            }
        }
        return lines;
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
}
