package dev.streamscore.cli;

import dev.streamscore.model.training.TrainerMain;
import dev.streamscore.simulator.SimulatorMain;
import java.util.List;
import picocli.CommandLine.Command;

/** Commands that run in this JVM and hand their flags to the command-line mains of the trainer and the simulator. */
final class PassThroughCommands {
    private PassThroughCommands() {
    }

    @Command(name = "train", description = "Train a model version from examples (CSV or Avro) and write its bundle.")
    static final class Train extends SettingsCommand {
        Train() {
            super(TrainerMain.SPEC);
        }

        @Override
        int run(List<String> flags) {
            TrainerMain.main(flags.toArray(String[]::new));
            return 0;
        }
    }

    @Command(name = "produce",
            description = "Run the simulator: card transactions and delayed labels to Kafka at a rate, or training files.")
    static final class Produce extends SettingsCommand {
        Produce() {
            super(SimulatorMain.SPEC);
        }

        @Override
        int run(List<String> flags) {
            return SimulatorMain.run(flags.toArray(String[]::new), System.out, System.err);
        }
    }
}
