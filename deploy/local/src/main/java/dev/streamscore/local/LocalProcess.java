package dev.streamscore.local;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * A child JVM run the way the local stack runs its own (under {@link ParentWatchdog}, so it dies
 * with the JVM that started it even after {@code kill -9}; output appended to
 * {@code <logDir>/<name>.log}), for apps that tests, the demo and the benchmarks start beside the
 * stack. Every StreamScore child starts through here: in the background with its log ({@code start}),
 * or in the foreground sharing the terminal ({@link #inTerminal}, the CLI's app commands).
 */
public final class LocalProcess implements AutoCloseable {
    private final ChildProcess process;
    /** Where this run's output starts in the log, which earlier runs of the same name appended to. */
    private final long logStart;

    private LocalProcess(ChildProcess process, long logStart) {
        this.process = process;
        this.logStart = logStart;
    }

    /**
     * Starts {@code launch}'s app in the foreground, sharing this terminal and working directory
     * (as {@code streamscore score} does), under the watchdog; the caller waits for the returned process.
     */
    public static Process inTerminal(AppLaunch launch) {
        try {
            return ChildProcess.startInTerminal(command(launch));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + launch.app().mainClass(), e);
        }
    }

    /** The command line {@link #inTerminal} runs (the classpath goes in the environment). */
    public static List<String> commandLine(AppLaunch launch) {
        return ChildProcess.commandLine(command(launch));
    }

    private static JvmCommand command(AppLaunch launch) {
        return new JvmCommand(launch.app().name(), Path.of("").toAbsolutePath(), launch.app().classpath(), List.of(),
                launch.app().mainClass(), launch.args());
    }

    /** Starts {@code launch}'s app under the name {@code name}; see {@link #start(String, Path, Path, String, List, String, List)}. */
    public static LocalProcess start(String name, Path workDir, Path logDir, List<String> jvmOptions, AppLaunch launch) {
        return start(name, workDir, logDir, launch.app().classpath(), jvmOptions, launch.app().mainClass(), launch.args());
    }

    /**
     * Starts {@code mainClass} with {@code classpath} (see {@link AppClasspath}); returns at once.
     *
     * @param workDir the working directory; its {@code pids/} holds the PID file
     */
    public static LocalProcess start(String name, Path workDir, Path logDir, String classpath, List<String> jvmOptions,
                                     String mainClass, List<String> args) {
        StackLayout layout = new StackLayout(workDir, logDir);
        try {
            long logStart = Files.exists(layout.logFile(name)) ? Files.size(layout.logFile(name)) : 0;
            return new LocalProcess(ChildProcess.start(new JvmCommand(name, workDir, classpath, jvmOptions, mainClass, args),
                    layout), logStart);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + name, e);
        }
    }

    public String name() {
        return process.name();
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

    /** Waits until this run's part of the log contains {@code text}; throws with the log's tail if the process exits first. */
    public void awaitLog(String text, Duration timeout) {
        awaitReady(name() + " logging '" + text + "'", timeout, () -> logSinceStart().contains(text));
    }

    /** What this run has written to the log so far (not what earlier runs of the same name appended). */
    public String logSinceStart() {
        try (RandomAccessFile file = new RandomAccessFile(process.logFile().toFile(), "r")) {
            long length = Math.max(0, file.length() - logStart);
            byte[] bytes = new byte[(int) Math.min(length, Integer.MAX_VALUE - 8)];
            file.seek(logStart);
            file.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** Waits up to {@code timeout} for the process to exit by itself; its exit code, or empty if it still runs. */
    public Optional<Integer> awaitExit(Duration timeout) {
        try {
            return process.awaitExit(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** SIGTERM without waiting, so that several processes stop together; {@link #close} then waits. */
    public void requestStop() {
        process.requestStop();
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
