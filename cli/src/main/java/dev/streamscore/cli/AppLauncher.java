package dev.streamscore.cli;

import dev.streamscore.local.AppClasspath;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one of StreamScore's apps in a JVM of its own, with the runtime classpath its module
 * recorded at build time ({@code <package>/runtime.classpath} in its jar): the scoring job needs
 * kafka-clients 4.2.0 and the drift app 4.4.0, so they never share a classpath. The child shares
 * this terminal (Ctrl-C reaches both) and its exit code becomes ours.
 */
final class AppLauncher {
    private AppLauncher() {
    }

    static int run(String classpathResource, String mainClass, List<String> args) {
        ProcessBuilder builder = new ProcessBuilder(command(classpathResource, mainClass, args)).inheritIO();
        try {
            Process process = builder.start();
            // Ctrl-C reaches the child through the terminal; a kill of this JVM should too.
            Thread stopChild = new Thread(process::destroy, "stop-" + mainClass);
            Runtime.getRuntime().addShutdownHook(stopChild);
            int exit = process.waitFor();
            try {
                Runtime.getRuntime().removeShutdownHook(stopChild);
            } catch (IllegalStateException shuttingDown) {
                // Already exiting: the hook runs anyway and finds the child gone.
            }
            return exit;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + mainClass, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }

    /** Starts the app with its output appended to {@code log}; the caller stops it. */
    static Process start(String classpathResource, String mainClass, List<String> args, Path log) {
        ProcessBuilder builder = new ProcessBuilder(command(classpathResource, mainClass, args))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + mainClass, e);
        }
    }

    private static List<String> command(String classpathResource, String mainClass, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(AppClasspath.of(classpathResource));
        command.add(mainClass);
        command.addAll(args);
        return command;
    }
}
