package dev.streamscore.cli;

import dev.streamscore.local.AppLaunch;
import dev.streamscore.local.LocalProcess;
import dev.streamscore.local.ParentWatchdog;
import dev.streamscore.local.StreamScoreApp;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one of StreamScore's apps in the foreground, in a JVM of its own, with the runtime classpath
 * its module recorded at build time ({@code <package>/runtime.classpath} in its jar): the scoring job
 * needs kafka-clients 4.2.0 and the drift app 4.4.0, so they never share a classpath. The child
 * shares this terminal (Ctrl-C reaches both) and its exit code becomes ours. It starts through
 * {@link LocalProcess}, as every StreamScore child does, under the {@link ParentWatchdog}, so it halts
 * if this JVM is killed outright ({@code kill -9}, a crash) rather than running on with nobody to
 * stop it; on an ordinary stop this JVM waits for it to stop cleanly first.
 */
final class AppLauncher {
    /** How long a stopping CLI waits for its app to stop cleanly (the watchdog halts it after that). */
    private static final long STOP_WAIT_SECONDS = 60;

    private AppLauncher() {
    }

    static int run(StreamScoreApp app, List<String> args) {
        Process process = LocalProcess.inTerminal(new AppLaunch(app, args));
        // Ctrl-C reaches the child through the terminal; a kill of this JVM should too, and this
        // JVM stays until the child has stopped, or its watchdog would halt it mid-shutdown.
        Thread stopChild = new Thread(() -> stop(process), "stop-" + app.mainClass());
        Runtime.getRuntime().addShutdownHook(stopChild);
        try {
            int exit = process.waitFor();
            try {
                Runtime.getRuntime().removeShutdownHook(stopChild);
            } catch (IllegalStateException shuttingDown) {
                // Already exiting: the hook runs anyway and finds the child gone.
            }
            return exit;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }

    private static void stop(Process process) {
        process.destroy();
        try {
            process.waitFor(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
