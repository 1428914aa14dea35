package dev.streamscore.cli;

import dev.streamscore.local.LocalStackConfig;
import dev.streamscore.local.LocalStackMain;
import dev.streamscore.local.StackProcesses;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code stack up|status|down}: the local Kafka broker and schema registry. */
@Command(name = "stack", mixinStandardHelpOptions = true,
        description = "The local stack: a KRaft Kafka broker on 127.0.0.1:9092 and Apicurio Registry "
                + "(Confluent API) on 127.0.0.1:8081, as child processes, data in ~/.streamscore/stack.",
        subcommands = {StackCommand.Up.class, StackCommand.Status.class, StackCommand.Down.class})
final class StackCommand {
    static final String DATA_DIR_HELP = "Data directory (default: ${DEFAULT-VALUE}).";

    static Path defaultDataDir() {
        return LocalStackConfig.defaultDataDir();
    }

    @Command(name = "up", mixinStandardHelpOptions = true,
            description = "Start the stack with StreamScore's topics and run until Ctrl-C.")
    static final class Up implements Callable<Integer> {
        @Option(names = "--data-dir", description = DATA_DIR_HELP + " With --cluster: ~/.streamscore/cluster.")
        Path dataDir;

        @Option(names = "--cluster", description = "A production-shaped stack: three Kafka nodes (127.0.0.1:9092,"
                + " 9094, 9096; replication factor 3, min.insync.replicas 2) and a Flink session cluster (one"
                + " JobManager with REST on 127.0.0.1:8082, two TaskManagers) to submit the scoring job to"
                + " with 'score --jobmanager 127.0.0.1:8082'.")
        boolean cluster;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws InterruptedException {
            if (!cluster) {
                LocalStackMain.main(LocalStackMain.SPEC.toArgs(Map.of("data-dir", dataDir == null ? defaultDataDir() : dataDir))
                        .toArray(String[]::new));
                return 0;
            }
            return ClusterStack.run(dataDir == null ? ClusterStack.defaultDataDir() : dataDir, spec.commandLine().getOut());
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Show the stack's processes.")
    static final class Status implements Callable<Integer> {
        @Option(names = "--data-dir", description = DATA_DIR_HELP)
        Path dataDir = defaultDataDir();

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            List<StackProcesses.StackProcess> processes = StackProcesses.list(dataDir);
            if (processes.stream().noneMatch(StackProcesses.StackProcess::alive)) {
                out.println("No stack running for " + dataDir);
                return 1;
            }
            for (StackProcesses.StackProcess p : processes) {
                out.printf("%-14s PID %-8d %s%n", p.name(), p.pid(), p.alive() ? "running" : "stopped");
            }
            return 0;
        }
    }

    @Command(name = "down", mixinStandardHelpOptions = true,
            description = "Stop a stack started by 'stack up' or the demo (for example with --keep) from another terminal.")
    static final class Down implements Callable<Integer> {
        @Option(names = "--data-dir", description = DATA_DIR_HELP)
        Path dataDir = defaultDataDir();

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            int stopped = StackProcesses.stop(dataDir);
            spec.commandLine().getOut().println(stopped == 0 ? "No stack running for " + dataDir
                    : "Stopped " + stopped + " process(es) of the stack in " + dataDir);
            return 0;
        }
    }
}
