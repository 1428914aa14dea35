package dev.streamscore.cli;

import dev.streamscore.model.training.TrainerMain;
import dev.streamscore.simulator.SimulatorMain;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/**
 * Commands that run in this JVM and hand their flags to the existing command-line mains. They take
 * only {@code --help} themselves: picocli's standard {@code --version} would swallow the trainer's
 * own {@code --version V}.
 */
final class PassThroughCommands {
    private PassThroughCommands() {
    }

    @Command(name = "train",
            description = "Train a model version from examples (CSV or Avro) and write its bundle.",
            footer = {"", "Flags: --data FILE.csv|FILE.avro --out DIR [--spec spec.json] [--version V] [--seed N] [--epochs N]",
                "Without --spec it trains the card-transaction demo model (model/src/main/resources/.../fraud-training-spec.json)."})
    static final class Train implements Callable<Integer> {
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
        boolean help;

        @Unmatched
        List<String> args = new ArrayList<>();

        @Override
        public Integer call() {
            TrainerMain.main(args.toArray(String[]::new));
            return 0;
        }
    }

    @Command(name = "produce",
            description = "Run the simulator: card transactions and delayed labels to Kafka at a rate, or training files.",
            footer = {"", "Live:  --bootstrap-servers 127.0.0.1:9092 --registry-url http://127.0.0.1:8081/apis/ccompat/v7",
                "       [--rate 100] [--duration 10m] [--scenario stationary,covariate_shift@2m] [--label-delay 3m]",
                "Files: --out FILE.csv|FILE.avro [--rows 100000] [--seed 42]",
                "Scenarios: stationary, covariate_shift, concept_drift, skew_bug_cents, new_merchant_category, bias_creep"})
    static final class Produce implements Callable<Integer> {
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
        boolean help;

        @Unmatched
        List<String> args = new ArrayList<>();

        @Override
        public Integer call() {
            return SimulatorMain.run(args.toArray(String[]::new), System.out, System.err);
        }
    }
}
