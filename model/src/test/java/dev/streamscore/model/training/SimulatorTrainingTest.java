package dev.streamscore.model.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamscore.model.bundle.ModelBundle;
import dev.streamscore.simulator.SimulatorConfig;
import dev.streamscore.simulator.files.TrainingDataWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo model trained on the simulator's own files, as the demo does: it must learn the hidden pattern. */
class SimulatorTrainingTest {
    @Test
    void learnsTheSimulatorsFraudPatternFromCsvAndAvro(@TempDir Path dir) throws Exception {
        TrainingDataWriter writer = new TrainingDataWriter(SimulatorConfig.defaults().withSeed(7));
        writer.writeCsv(dir.resolve("train.csv"), 15_000);
        writer.writeAvro(dir.resolve("train.avro"), 15_000);

        ModelBundle fromCsv = Trainer.train(TrainingSpec.demo(), dir.resolve("train.csv"), "1", 42, 6,
                dir.resolve("csv-model"), TrainingProgress.NONE);
        ModelBundle fromAvro = Trainer.train(TrainingSpec.demo(), dir.resolve("train.avro"), "1", 42, 6,
                dir.resolve("avro-model"), TrainingProgress.NONE);

        // The hidden function itself ranks fraud at AUC ~0.94 (simulator README): the model must come close.
        assertThat(fromCsv.card().holdout().auc()).isGreaterThan(0.85);
        assertThat(fromCsv.card().holdout().recall()).isGreaterThan(0.2);
        assertThat(fromCsv.card().profile().labelRate()).isBetween(0.015, 0.04);
        // Same rows, same seed: the two file formats give the same model.
        assertThat(fromAvro.card().holdout()).isEqualTo(fromCsv.card().holdout());
        assertThat(fromAvro.card().features()).isEqualTo(fromCsv.card().features());
    }
}
