package dev.streamscore.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code streamscore} command. Each subcommand has {@code --help}; a bad flag or a missing
 * file is named in the error.
 */
@Command(name = "streamscore", mixinStandardHelpOptions = true, version = "StreamScore 0.1.0-SNAPSHOT",
        description = "Real-time ML scoring (Flink + TensorFlow Java) and drift monitoring (Kafka Streams) on Kafka.",
        subcommands = {DemoCommand.class, StackCommand.class, PassThroughCommands.Train.class, AppCommands.Publish.class,
            PassThroughCommands.Produce.class, AppCommands.Score.class, AppCommands.Monitor.class, AppCommands.Retrain.class,
            AppCommands.Lifecycle.class,
            TailCommand.class})
public final class StreamScoreCli {
    private StreamScoreCli() {
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new StreamScoreCli()).setCaseInsensitiveEnumValuesAllowed(true);
    }
}
