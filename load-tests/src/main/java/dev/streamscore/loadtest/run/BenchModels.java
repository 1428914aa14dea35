package dev.streamscore.loadtest.run;

import dev.streamscore.model.bundle.ModelBundle;
import dev.streamscore.model.card.ModelCard;
import dev.streamscore.model.training.Trainer;
import dev.streamscore.model.training.TrainingSpec;
import dev.streamscore.simulator.SimulatorConfig;
import dev.streamscore.simulator.files.TrainingDataWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The two real TF models of the benchmark, trained with the model module's trainer on simulator
 * data the first time and kept in the work folder: the demo model (the demo's spec, hidden units
 * 16-8) and a feed-forward net of about 28K parameters (hidden units 128-128-64 on the same
 * features), the size of the Crayfish benchmark's FFNN, so figures compare with that paper.
 */
public final class BenchModels {
    public static final String DEMO = "demo";
    public static final String FFNN_28K = "ffnn28k";
    static final List<Integer> FFNN_28K_UNITS = List.of(128, 128, 64);

    private BenchModels() {
    }

    public static Path root(Path workDir) {
        return workDir.resolve("models");
    }

    public static ModelBundle ensure(Path workDir, String name, PrintStream out) throws IOException {
        Path dir = root(workDir).resolve(name);
        if (Files.exists(dir.resolve(ModelBundle.CARD_FILE))) {
            return ModelBundle.load(dir);
        }
        Path data = workDir.resolve("train.csv");
        if (!Files.exists(data)) {
            Files.createDirectories(workDir);
            out.println("  writing 20,000 simulated training transactions to " + data);
            new TrainingDataWriter(SimulatorConfig.defaults().withSeed(42)).writeCsv(data, 20_000);
        }
        TrainingSpec demo = TrainingSpec.demo();
        TrainingSpec spec = name.equals(DEMO) ? demo
                : new TrainingSpec("fraud-ffnn28k", "Crayfish-sized feed-forward net on the demo features",
                        demo.labelField(), demo.event(), demo.features(), demo.positiveClass(), demo.negativeClass(),
                        demo.threshold(), FFNN_28K_UNITS, demo.learningRate(), 3, demo.batchSize(), demo.holdoutShare());
        out.println("  training model '" + name + "' (hidden units " + spec.mlp(42).hiddenUnits() + ") ...");
        ModelBundle bundle = Trainer.train(spec, data, "1", 42, null, dir, (epoch, epochs, loss) -> { });
        ModelCard card = bundle.card();
        out.printf("  trained %s: %,d parameters, holdout AUC %.3f%n", card.key(), card.training().parameters(),
                card.holdout().auc());
        return bundle;
    }
}
