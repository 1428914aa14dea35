package dev.streamscore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each app's own classpath, recorded at build time, starts its commands in a separate JVM. */
class AppLauncherIT {
    @Test
    void runsTheScoringModulesCommandsInTheirOwnJvm() {
        // PublishMain without --bundle exits 1 after naming the flag: proof the child started on its classpath.
        int exit = AppLauncher.run("/dev/streamscore/scoring/runtime.classpath",
                "dev.streamscore.scoring.publish.PublishMain", List.of());
        assertThat(exit).isEqualTo(1);
    }

    @Test
    void theMonitorSaysWhyItRefusesASettingInItsOwnLog(@TempDir Path dir) throws Exception {
        // Logged through the app's own Log4j configuration (time, level, thread, logger): without Log4j's core on
        // the recorded classpath the API's fallback prints errors only, in another layout, and every INFO line
        // (started, topology, state changes) is lost.
        Path log = dir.resolve("monitor.log");
        Process monitor = AppLauncher.start("/dev/streamscore/drift/runtime.classpath",
                "dev.streamscore.drift.DriftApp", List.of("--window-size", "soon"), log);
        try {
            assertThat(monitor.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(monitor.exitValue()).isEqualTo(2);
            assertThat(Files.readString(log))
                    .containsPattern("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} ERROR \\[main] DriftApp - Invalid configuration: --window-size:");
        } finally {
            monitor.destroyForcibly();
        }
    }

    @Test
    void retrainRunsInItsOwnJvmAndNamesAMissingModel(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("retrain.log");
        Process retrain = AppLauncher.start("/dev/streamscore/lifecycle/runtime.classpath",
                "dev.streamscore.lifecycle.RetrainMain", List.of("--gate-share", "0.2"), log);
        try {
            // Under the watchdog, owned by this JVM: killed outright, the CLI leaves no app running.
            assertThat(AppLauncher.command("/dev/streamscore/lifecycle/runtime.classpath",
                    "dev.streamscore.lifecycle.RetrainMain", List.of())).containsSubsequence(
                    "dev.streamscore.local.ParentWatchdog", Long.toString(ProcessHandle.current().pid()),
                    "dev.streamscore.lifecycle.RetrainMain");
            assertThat(retrain.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(retrain.exitValue()).isEqualTo(1);
            assertThat(Files.readString(log)).contains("retrain failed: --model is required");
        } finally {
            retrain.destroyForcibly();
        }
    }
}
