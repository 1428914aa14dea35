package dev.streamscore.cli;

import dev.streamscore.config.SettingsSpec;
import dev.streamscore.drift.DriftFlags;
import dev.streamscore.lifecycle.LifecycleFlags;
import dev.streamscore.local.StreamScoreApp;
import dev.streamscore.scoring.ScoringFlags;
import dev.streamscore.scoring.publish.PublishMain;
import java.util.List;
import picocli.CommandLine.Command;

/** The commands that run a StreamScore app in its own JVM ({@link AppLauncher}). */
final class AppCommands {
    private AppCommands() {
    }

    /** Starts {@code app} with the flags as given. */
    abstract static class AppCommand extends SettingsCommand {
        private final StreamScoreApp app;

        AppCommand(StreamScoreApp app, SettingsSpec settings) {
            super(settings);
            this.app = app;
        }

        @Override
        int run(List<String> flags) {
            return AppLauncher.run(app, flags);
        }
    }

    @Command(name = "score", description = "Run the Flink scoring job (local MiniCluster or --jobmanager) against Kafka.")
    static final class Score extends AppCommand {
        Score() {
            super(StreamScoreApp.SCORING_JOB, ScoringFlags.SPEC);
        }
    }

    @Command(name = "publish",
            description = "Publish a trained model bundle: its baseline to model-baselines, a model update to model-updates.")
    static final class Publish extends AppCommand {
        Publish() {
            super(StreamScoreApp.PUBLISH, PublishMain.SPEC);
        }
    }

    @Command(name = "monitor", description = "Run the drift monitor (Kafka Streams): label join, windowed drift, alerts.")
    static final class Monitor extends AppCommand {
        Monitor() {
            super(StreamScoreApp.DRIFT, DriftFlags.SPEC);
        }
    }

    @Command(name = "retrain", description = "Retrain a model on its champion's labeled pairs, gate the candidate against "
            + "the champion and publish it as a shadow if it passes.")
    static final class Retrain extends AppCommand {
        Retrain() {
            super(StreamScoreApp.RETRAIN, LifecycleFlags.RETRAIN);
        }
    }

    @Command(name = "lifecycle", description = "Run the lifecycle app: retrain on alerts or a schedule, then roll the "
            + "candidate out on live windows: shadow, challenger, champion, or back.")
    static final class Lifecycle extends AppCommand {
        Lifecycle() {
            super(StreamScoreApp.LIFECYCLE, LifecycleFlags.LIFECYCLE);
        }
    }
}
