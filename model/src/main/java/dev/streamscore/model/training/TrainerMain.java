package dev.streamscore.model.training;

import dev.streamscore.config.ConfigValues;
import dev.streamscore.config.SettingsSpec;
import dev.streamscore.model.bundle.ModelBundle;
import dev.streamscore.model.card.BinaryMetrics;
import dev.streamscore.model.card.Calibration;
import dev.streamscore.model.card.Fairness;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code TrainerMain --data examples.csv|.avro --out bundle-dir [--spec spec.json] [--version V]
 * [--seed N] [--epochs N]} (see {@link #SPEC}): trains a model version and writes its bundle, drawing a progress bar.
 * Without --spec it trains the card-transaction demo model.
 */
public final class TrainerMain {
    /** Every setting the trainer takes. */
    public static final SettingsSpec SPEC = SettingsSpec.builder("streamscore train",
                    "Train a model version from examples (CSV or Avro) and write its bundle. Without --spec it trains the "
                            + "card-transaction demo model (model/src/main/resources/.../fraud-training-spec.json).")
            .add("data", null, "the training examples, FILE.csv or FILE.avro (required)")
            .add("out", null, "the bundle directory to write (required)")
            .add("spec", null, "the training spec (JSON): features, label, network (default: the demo model's)")
            .add("version", "1", "the model version the bundle carries")
            .add("seed", 42, "training seed")
            .add("epochs", null, "training epochs (default: the spec's)")
            .build();

    /** What to train, checked without reading any file. */
    public record Options(Path data, Path out, Path spec, String version, long seed, Integer epochs) {
    }

    private TrainerMain() {
    }

    public static void main(String[] args) {
        if (SettingsSpec.wantsHelp(args)) {
            System.out.print(SPEC.help());
            return;
        }
        Options options;
        try {
            options = parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("See: streamscore train --help");
            System.exit(2);
            return;
        }
        try {
            TrainingSpec spec = options.spec() != null ? TrainingSpec.read(options.spec()) : TrainingSpec.demo();
            ModelBundle bundle = Trainer.train(spec, options.data(), options.version(), options.seed(), options.epochs(),
                    options.out(), TrainerMain::drawProgress);
            BinaryMetrics m = bundle.card().holdout();
            System.out.printf("%nModel %s written to %s%n", bundle.card().key(), bundle.directory());
            System.out.printf("Holdout (%d examples, %d positive): AUC %.4f, log loss %.4f, accuracy %.4f, "
                            + "precision %.4f, recall %.4f at threshold %.2f%n",
                    m.examples(), m.positives(), m.auc(), m.logLoss(), m.accuracy(), m.precision(), m.recall(), m.threshold());
            printFairness(bundle.card().fairnessOrEmpty(), m.threshold());
            Calibration c = bundle.card().calibration();
            System.out.printf("Calibration (Platt, fitted on the %d holdout records; drift-stream estimates performance "
                    + "with it before labels arrive): p = sigmoid(%.4f * logit(score) %+.4f)%n", c.examples(), c.slope(),
                    c.intercept());
            System.out.println("Checksum (sha256): " + bundle.checksum());
        } catch (RuntimeException e) {
            System.err.println("Training failed: " + e.getMessage());
            System.exit(1);
        }
    }

    /**
     * The fairness section of the card: the gaps the model has at validation are what bias
     * monitoring compares live windows with, so the user sees them once, here, not as alerts.
     */
    private static void printFairness(Fairness fairness, double threshold) {
        if (fairness.groups().isEmpty()) {
            return;
        }
        System.out.printf("Fairness on the holdout at threshold %.2f (groups of %d+ records; bias alerts fire on a move "
                + "away from these):%n", threshold, fairness.minGroupSize());
        Map<String, Fairness.Gaps> gaps = fairness.gaps();
        fairness.groups().forEach((field, groups) -> {
            Fairness.Gaps g = gaps.get(field);
            System.out.printf("  %s: demographic parity gap %.3f, equal opportunity gap %.3f%n", field,
                    g.demographicParity(), g.equalOpportunity());
            groups.forEach((value, group) -> System.out.printf(
                    "    %-20s positive rate %.3f  recall %.3f  false-positive rate %.3f  (%d records, %d positive%s)%n",
                    value, group.positiveRate(), group.recall(), group.falsePositiveRate(), group.examples(),
                    group.positives(), group.positives() < fairness.minGroupSize()
                            ? "; too few positives to judge live recall against: train on more data" : ""));
        });
    }

    private static void drawProgress(int epoch, int epochs, double loss) {
        int width = 30;
        int done = epoch * width / epochs;
        System.out.printf("\r[%s%s] epoch %d/%d  loss %.4f", "#".repeat(done), ".".repeat(width - done), epoch, epochs, loss);
        System.out.flush();
    }

    /** The settings from flags alone; see {@link #parse(String[], Map)}. */
    public static Options parse(String[] args) {
        return parse(args, Map.of());
    }

    /**
     * The settings (flags > environment > file > defaults), checked without reading any file: known
     * names, the required ones given, numbers that parse; a bad one throws
     * {@link IllegalArgumentException} naming it.
     */
    public static Options parse(String[] args, Map<String, String> environment) {
        ConfigValues v = SPEC.parse(args, environment);
        Path data = Path.of(v.required("data"));
        Path out = Path.of(v.required("out"));
        String spec = v.string("spec");
        return new Options(data, out, spec == null ? null : Path.of(spec),
                v.string("version"), v.longValue("seed", Long.MIN_VALUE),
                v.string("epochs") == null ? null : v.integer("epochs", 0, 1));
    }
}
