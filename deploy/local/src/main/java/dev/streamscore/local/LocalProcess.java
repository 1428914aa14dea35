package dev.streamscore.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * A child JVM run the way the local stack runs its own (under {@link ParentWatchdog}, so it dies
 * with the JVM that started it even after {@code kill -9}; output appended to
 * {@code <logDir>/<name>.log}), for apps that tests and the CLI start beside the stack.
 */
public final class LocalProcess implements AutoCloseable {
    private final ChildProcess process;

    private LocalProcess(ChildProcess process) {
        this.process = process;
    }

    /**
     * Starts {@code mainClass} with {@code classpath} (see {@link AppClasspath}); returns at once.
     *
     * @param workDir the working directory; its {@code pids/} holds the PID file
     */
    public static LocalProcess start(String name, Path workDir, Path logDir, String classpath, List<String> jvmOptions,
                                     String mainClass, List<String> args) {
        try {
            return new LocalProcess(ChildProcess.start(new JvmCommand(name, workDir, classpath, jvmOptions, mainClass, args),
                    new StackLayout(workDir, logDir)));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + name, e);
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path logFile() {
        return process.logFile();
    }

    /** Waits until {@code ready} is true; throws with the log's tail if the process exits first or time runs out. */
    public void awaitReady(String description, Duration timeout, BooleanSupplier ready) {
        process.awaitReady(description, Instant.now().plus(timeout), ready);
    }

    /** SIGKILL, as a crash: no shutdown hook, no commit, no leaving a consumer group. */
    public void kill() {
        process.kill();
    }

    /** SIGTERM, then SIGKILL after 15 s. Idempotent. */
    @Override
    public void close() {
        process.stop();
    }
}
