package dev.streamscore.cli;

import dev.streamscore.config.SettingsSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * A command whose flags belong to an app with a settings declaration: they go to the app as they
 * are (the app names a bad one), and {@code --help} prints the declaration itself
 * ({@link SettingsSpec#help}), so the help shows exactly the settings the app parses, with the
 * defaults it applies. No picocli {@code --version}: it would swallow a model's {@code --version V}.
 */
abstract class SettingsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, description = "Show every setting, with its default, and exit.")
    boolean help;

    @Unmatched
    List<String> args = new ArrayList<>();

    private final SettingsSpec settings;

    SettingsCommand(SettingsSpec settings) {
        this.settings = settings;
    }

    /** Runs with the flags as given; returns the exit code. */
    abstract int run(List<String> flags);

    @Override
    public Integer call() {
        if (help) {
            spec.commandLine().getOut().print(settings.help());
            spec.commandLine().getOut().flush();
            return 0;
        }
        return run(args);
    }
}
