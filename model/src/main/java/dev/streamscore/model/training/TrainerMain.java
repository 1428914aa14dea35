package dev.streamscore.model.training;

import dev.streamscore.model.bundle.ModelBundle;
import dev.streamscore.model.card.BinaryMetrics;
import dev.streamscore.model.card.Calibration;
import dev.streamscore.model.card.Fairness;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code TrainerMain --data examples.csv|.avro --out bundle-dir [--spec spec.json] [--version V]
 * [--seed N] [--epochs N]}: trains a model version and writes its bundle, drawing a progress bar.
 * Without --spec it trains the card-transaction demo model.
 */
public final class TrainerMain {
    private TrainerMain() {
    }

    public static void main(String[] args) {
        Map<String, String> options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("Usage: TrainerMain --data FILE.csv|FILE.avro --out DIR [--spec spec.json] "
                    + "[--version V] [--seed N] [--epochs N]");
            System.exit(2);
            return;
        }
        try {
            TrainingSpec spec = options.containsKey("spec") ? TrainingSpec.read(Path.of(options.get("spec"))) : TrainingSpec.demo();
            ModelBundle bundle = Trainer.train(spec, Path.of(options.get("data")),
                    options.getOrDefault("version", "1"),
                    Long.parseLong(options.getOrDefault("seed", "42")),
                    options.containsKey("epochs") ? Integer.valueOf(options.get("epochs")) : null,
                    Path.of(options.get("out")), TrainerMain::drawProgress);
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

    /** Every flag the trainer knows. */
    static final Set<String> KEYS = Set.of("data", "out", "spec", "version", "seed", "epochs");

    /**
     * The flags, checked without reading any file: known names, the required ones given, numbers
     * that parse; a bad one throws {@link IllegalArgumentException} naming it.
     */
    public static Map<String, String> parse(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String key = args[i];
            if (!key.startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("Unexpected argument '" + key + "'");
            }
            String name = key.substring(2);
            if (!KEYS.contains(name)) {
                throw new IllegalArgumentException("Unknown option " + key);
            }
            options.put(name, args[++i]);
        }
        for (String required : new String[] {"data", "out"}) {
            if (!options.containsKey(required)) {
                throw new IllegalArgumentException("Missing --" + required);
            }
        }
        for (String number : new String[] {"seed", "epochs"}) {
            if (options.containsKey(number)) {
                try {
                    Long.parseLong(options.get(number));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("--" + number + " must be a whole number, was '"
                            + options.get(number) + "'", e);
                }
            }
        }
        return options;
    }
}
