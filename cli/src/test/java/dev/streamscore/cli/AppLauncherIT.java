package dev.streamscore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamscore.lifecycle.LifecycleFlags;
import dev.streamscore.local.AppLaunch;
import dev.streamscore.local.LocalProcess;
import dev.streamscore.local.StreamScoreApp;
import java.io.File;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each app's own classpath, recorded at build time, starts its commands in a separate JVM. */
class AppLauncherIT {
    @Test
    void everyAppsMainClassIsOnItsOwnClasspath() throws Exception {
        for (StreamScoreApp app : StreamScoreApp.values()) {
            URL[] urls = Arrays.stream(app.classpath().split(File.pathSeparator)).map(entry -> {
                try {
                    return Path.of(entry).toUri().toURL();
                } catch (MalformedURLException e) {
                    throw new IllegalStateException(e);
                }
            }).toArray(URL[]::new);
            try (URLClassLoader loader = new URLClassLoader(urls, ClassLoader.getPlatformClassLoader())) {
                Method main = Class.forName(app.mainClass(), false, loader).getMethod("main", String[].class);
                assertThat(Modifier.isStatic(main.getModifiers())).as(app + " main").isTrue();
            }
        }
    }

    @Test
    void runsTheScoringModulesCommandsInTheirOwnJvm() {
        // PublishMain without --bundle exits 1 after naming the flag: proof the child started on its classpath.
        int exit = AppLauncher.run(StreamScoreApp.PUBLISH, List.of());
        assertThat(exit).isEqualTo(1);
    }

    @Test
    void theMonitorSaysWhyItRefusesASettingInItsOwnLog(@TempDir Path dir) throws Exception {
        // Logged through the app's own Log4j configuration (time, level, thread, logger): without Log4j's core on
        // the recorded classpath the API's fallback prints errors only, in another layout, and every INFO line
        // (started, topology, state changes) is lost.
        try (LocalProcess monitor = LocalProcess.start("monitor", dir, dir, List.of(),
                new AppLaunch(StreamScoreApp.DRIFT, List.of("--window-size", "soon")))) {
            assertThat(monitor.awaitExit(Duration.ofSeconds(60))).contains(2);
            assertThat(monitor.logSinceStart())
                    .containsPattern("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} ERROR \\[main] DriftApp - Invalid configuration: --window-size:");
        }
    }

    @Test
    void retrainRunsInItsOwnJvmAndNamesAMissingModel(@TempDir Path dir) throws Exception {
        // Under the watchdog, owned by this JVM: killed outright, the CLI leaves no app running.
        assertThat(LocalProcess.commandLine(new AppLaunch(StreamScoreApp.RETRAIN, List.of()))).containsSubsequence(
                "dev.streamscore.local.ParentWatchdog", Long.toString(ProcessHandle.current().pid()),
                "dev.streamscore.lifecycle.RetrainMain");
        try (LocalProcess retrain = LocalProcess.start("retrain", dir, dir, List.of(),
                AppLaunch.of(StreamScoreApp.RETRAIN, LifecycleFlags.RETRAIN, Map.of("gate-share", 0.2)))) {
            assertThat(retrain.awaitExit(Duration.ofSeconds(60))).contains(1);
            assertThat(retrain.logSinceStart()).contains("retrain failed: --model is required");
        }
    }
}
