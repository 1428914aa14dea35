package dev.streamscore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamscore.drift.DriftConfig;
import dev.streamscore.lifecycle.LifecycleSettings;
import dev.streamscore.local.AppLaunch;
import dev.streamscore.local.StreamScoreApp;
import dev.streamscore.scoring.ScoringConfig;
import dev.streamscore.scoring.publish.PublishMain;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the demo starts its apps with is what each app's own parser reads back. */
class DemoCommandTest {
    private static String[] args(AppLaunch launch) {
        return launch.args().toArray(String[]::new);
    }

    @Test
    void theDemosAppsAcceptTheSettingsItStartsThemWith() {
        Path work = Path.of("/tmp/streamscore-demo-test");
        DemoCommand.Launches launches = DemoCommand.launches(Duration.ofSeconds(20), "run-1", work);

        assertThat(launches.score().app()).isEqualTo(StreamScoreApp.SCORING_JOB);
        ScoringConfig score = ScoringConfig.from(args(launches.score()), Map.of());
        assertThat(score.groupId()).isEqualTo("streamscore-demo");
        assertThat(score.startingOffsets()).isEqualTo(ScoringConfig.StartingOffsets.LATEST);

        assertThat(launches.monitor().app()).isEqualTo(StreamScoreApp.DRIFT);
        DriftConfig monitor = DriftConfig.from(args(launches.monitor()), Map.of());
        assertThat(monitor.windowSize()).isEqualTo(Duration.ofSeconds(20));
        assertThat(monitor.maxLabelDelay()).isEqualTo(Duration.ofMinutes(2));
        assertThat(monitor.applicationId()).isEqualTo("run-1");
        assertThat(monitor.stateDir()).isEqualTo(work.resolve("drift-state").resolve("run-1").toString());
        assertThat(monitor.kafka()).containsEntry("auto.offset.reset", "latest");
        assertThat(monitor.httpPort()).as("the dashboard's port, the app's default").isEqualTo(8091);

        assertThat(launches.lifecycle().app()).isEqualTo(StreamScoreApp.LIFECYCLE);
        LifecycleSettings lifecycle = LifecycleSettings.from(args(launches.lifecycle()), Map.of());
        assertThat(lifecycle.cooldown()).isEqualTo(Duration.ofMinutes(2));
        assertThat(lifecycle.retrain().maxExamples()).isEqualTo(20_000);
        assertThat(lifecycle.retrain().outDir()).isEqualTo(work.resolve("retrained"));

        PublishMain.Request publish = PublishMain.parse(args(DemoCommand.publish(work.resolve("model"))), Map.of());
        assertThat(publish.bundle()).isEqualTo(work.resolve("model"));
    }
}
