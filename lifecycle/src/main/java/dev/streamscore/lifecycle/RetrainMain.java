package dev.streamscore.lifecycle;

import dev.streamscore.config.SettingsSpec;
import java.util.Locale;
import java.util.Map;

/**
 * {@code streamscore retrain --model NAME [flags]}: retrains a model on its champion's labeled
 * pairs, gates the candidate against the champion and publishes it as a shadow if it passes (see
 * {@link Retrainer}). Exit status: 0 passed, 2 the gate failed (nothing published), 1 an error.
 */
public final class RetrainMain {
    private RetrainMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv()));
    }

    static int run(String[] args, Map<String, String> environment) {
        try {
            if (SettingsSpec.wantsHelp(args)) {
                System.out.print(LifecycleFlags.RETRAIN.help());
                return 0;
            }
            Retrainer.Outcome outcome = Retrainer.run(RetrainSettings.from(args, environment));
            Map<String, Double> f = outcome.report().figures();
            String model = outcome.candidate().card().key();
            System.out.printf(Locale.ROOT, "%s: gate %s on %.0f labeled pairs it was not trained on%n", model,
                    outcome.report().passed() ? "PASSED" : "FAILED", f.get("gate_examples"));
            System.out.printf(Locale.ROOT, "  AUC %.4f (champion %.4f), Brier %.4f (champion %.4f), recall %.4f (champion %.4f)%n",
                    f.get("candidate_auc"), f.get("champion_auc"), f.get("candidate_brier"), f.get("champion_brier"),
                    f.get("candidate_recall"), f.get("champion_recall"));
            outcome.report().reasons().forEach(r -> System.out.println("  failed: " + r));
            System.out.println(outcome.published() ? "  published as SHADOW: its predictions and metrics appear beside the"
                    + " champion's; promote it with streamscore publish --role challenger|champion"
                    : outcome.report().passed() ? "  not published (--publish false)" : "  not published");
            return outcome.report().passed() ? 0 : 2;
        } catch (RuntimeException e) {
            System.err.println("retrain failed: " + e.getMessage());
            return 1;
        }
    }
}
