package dev.streamscore.cli;

import dev.streamscore.local.StreamScoreApp;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/**
 * The commands that run a StreamScore app in its own JVM; their flags go to the app as they are
 * (the app names a bad one). Each usage lists the main flags; the README has them all.
 */
final class AppCommands {
    private AppCommands() {
    }

    @Command(name = "score", mixinStandardHelpOptions = true,
            description = "Run the Flink scoring job (local MiniCluster) against the given Kafka and registry.",
            footer = {"", "Main flags (all in the README's Scoring section):",
                "  --bootstrap-servers 127.0.0.1:9092   --registry-url http://127.0.0.1:8081/apis/ccompat/v7",
                "  --input-topic feature-events   --predictions-topic predictions   --dead-letter-topic feature-events-dlq",
                "  --model-dir DIR   --model-public-key PEM   --delivery-guarantee at-least-once|exactly-once",
                "  --checkpoint-dir DIR   --restore-from latest|latest-or-fresh|PATH   --replay-from/--replay-until   --output-dir DIR",
                "  --kafka.<client property> VALUE (SASL, TLS, tuning)   --config FILE"})
    static final class Score implements Callable<Integer> {
        @Unmatched
        List<String> args = new ArrayList<>();

        @Override
        public Integer call() {
            return AppLauncher.run(StreamScoreApp.SCORING_JOB, args);
        }
    }

    @Command(name = "publish", mixinStandardHelpOptions = true,
            description = "Publish a trained model bundle: its baseline to model-baselines, a model update to model-updates.",
            footer = {"", "Flags: --bundle DIR [--role champion|challenger|shadow] [--traffic-share 0.1] [--retire true]",
                "       [--location URL] [--signing-key PEM] [--bootstrap-servers ...] [--registry-url ...]"})
    static final class Publish implements Callable<Integer> {
        @Unmatched
        List<String> args = new ArrayList<>();

        @Override
        public Integer call() {
            return AppLauncher.run(StreamScoreApp.PUBLISH, args);
        }
    }

    @Command(name = "monitor", mixinStandardHelpOptions = true,
            description = "Run the drift monitor (Kafka Streams): label join, windowed drift, alerts.",
            footer = {"", "Main flags (all in drift-stream/README.md):",
                "  --bootstrap-servers ...   --registry-url ...   --window-size 1m   --window-grace 10s   --max-label-delay 10m",
                "  --idle-timeout 1m   --revision-horizon 1h   --future-tolerance 10m   --provisional-coverage 0.95",
                "  --application-id ...   --state-dir DIR   --alert.<metric>... overrides   --config FILE"})
    static final class Monitor implements Callable<Integer> {
        @Unmatched
        List<String> args = new ArrayList<>();

        @Override
        public Integer call() {
            return AppLauncher.run(StreamScoreApp.DRIFT, args);
        }
    }

    /** Only {@code --help} here: picocli's standard {@code --version} would swallow the candidate's {@code --version V}. */
    @Command(name = "retrain",
            description = "Retrain a model on its champion's labeled pairs, gate the candidate against the champion on the "
                    + "newest pairs and publish it as a shadow if it passes; every step goes to model-events.",
            footer = {"", "Flags: --model NAME [--max-examples 100000] [--min-examples 2000] [--max-age 7d] [--gate-share 0.2]",
                "       [--version V]",
                "       [--min-auc 0.6] [--max-auc-drop 0.01] [--max-brier-rise 0.01] [--max-recall-gap-rise 0.1]",
                "       [--out-dir ~/.streamscore/models] [--publish true] [--signing-key PEM] [--location URL]",
                "       [--previous-data FILE (the champion's training data) [--previous-share 0.3]]",
                "       [--bootstrap-servers ...] [--registry-url ...] [--kafka.<client property> VALUE] [--config FILE]",
                "Exit status: 0 passed, 2 the gate failed (nothing published), 1 an error."})
    static final class Retrain implements Callable<Integer> {
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
        boolean help;

        @Unmatched
        List<String> args = new ArrayList<>();

        @Override
        public Integer call() {
            return AppLauncher.run(StreamScoreApp.RETRAIN, args);
        }
    }

    @Command(name = "lifecycle", mixinStandardHelpOptions = true,
            description = "Run the lifecycle app: retrain a model when drift-stream raises an alert of a chosen kind about "
                    + "its champion, or on a schedule (as retrain does: gate, model-events, shadow), at most once per "
                    + "cooldown; then roll the candidate out on live windows: shadow, challenger, champion, or back.",
            footer = {"", "Flags: every retrain flag (but the model and its version: it retrains any model an alert names), plus",
                "       [--trigger-kinds performance] [--trigger-severities WARNING,CRITICAL] [--models a,b] [--cooldown 1h]",
                "       [--retrain-every 0s (off; needs --models)] [--alerts-topic alerts] [--group-id streamscore-lifecycle]",
                "       [--drift-metrics-topic drift-metrics] [--live-windows 3] [--max-live-windows 20]",
                "       [--max-live-auc-drop 0.02] [--min-live-auc 0.6] [--min-live-labels 100] [--challenger-share 0.25]"})
    static final class Lifecycle implements Callable<Integer> {
        @Unmatched
        List<String> args = new ArrayList<>();

        @Override
        public Integer call() {
            return AppLauncher.run(StreamScoreApp.LIFECYCLE, args);
        }
    }
}
