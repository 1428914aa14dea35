package dev.streamscore.local;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One child JVM of the local stack, started with the same JDK as this JVM and run under
 * {@link ParentWatchdog} so it dies with its parent even after {@code kill -9}.
 *
 * <p>Its stdout and stderr are appended to {@code <dataDir>/logs/<name>.log} and its PID is kept
 * in {@code <dataDir>/pids/<name>.pid} while it runs, so a later start can find and stop a stale
 * child. {@link #stop()} sends SIGTERM, waits up to 15 s, then kills it (and its descendants).
 * The classpath travels in the {@code CLASSPATH} environment variable, which keeps the command
 * line short enough for {@link ProcessHandle.Info} to read back (see {@link #stopStale}).
 */
final class ChildProcess {

    private static final Logger LOG = LoggerFactory.getLogger(ChildProcess.class);
    private static final Duration STOP_GRACE = Duration.ofSeconds(15);
    /** Enough bytes for the last few dozen lines of a log file, without reading a large one whole. */
    private static final int TAIL_BYTES = 64 * 1024;
    private static final int LOG_TAIL_LINES = 30;
    private static final Duration POLL_INTERVAL = Duration.ofMillis(200);

    private final String name;
    private final Process process;
    private final Path logFile;
    private final Path pidFile;

    private ChildProcess(String name, Process process, Path logFile, Path pidFile) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
        this.pidFile = pidFile;
    }

    /** Starts the child and returns at once; use the owner's readiness check to know when it serves. */
    static ChildProcess start(JvmCommand command, StackLayout layout) throws IOException {
        Files.createDirectories(layout.logDir());
        Files.createDirectories(layout.pidDir());
        Files.createDirectories(command.workDir());
        Path logFile = layout.logFile(command.name());
        Path pidFile = layout.pidFile(command.name());
        List<String> commandLine = commandLine(command);
        String classpath = classpath(command);
        Files.writeString(logFile, "=== " + Instant.now() + " starting: CLASSPATH=" + classpath + " "
                        + masked(String.join(" ", commandLine)) + System.lineSeparator(),
                StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);

        ProcessBuilder builder = new ProcessBuilder(commandLine)
                .directory(command.workDir().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        // The classpath goes in the environment, not in -cp: the JDK reads at most 4 KB of another
        // process's command line (ProcessHandle.Info), and the broker's classpath alone is longer.
        // A short command line keeps stopStale able to recognise our children, and ps readable.
        builder.environment().put("CLASSPATH", classpath);
        Process process = builder.start();
        // Nothing is ever written to the child's stdin; closing it gives it EOF instead of a pipe that never ends.
        process.getOutputStream().close();
        Files.writeString(pidFile, process.pid() + System.lineSeparator(), StandardCharsets.UTF_8);
        LOG.info("Started {} (PID {}), log: {}", command.name(), process.pid(), logFile);
        return new ChildProcess(command.name(), process, logFile, pidFile);
    }

    /**
     * Starts the child sharing this process's terminal (stdin, stdout and stderr inherited: Ctrl-C
     * reaches both) in {@code command}'s working directory, under the watchdog like every child,
     * without a log or PID file: a foreground command, which the caller waits for.
     */
    static Process startInTerminal(JvmCommand command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(commandLine(command)).directory(command.workDir().toFile()).inheritIO();
        builder.environment().put("CLASSPATH", classpath(command));
        return builder.start();
    }

    /** The command line with the values of {@code password=...} arguments (SCRAM users at format time) replaced by stars. */
    static String masked(String commandLine) {
        return commandLine.replaceAll("(?i)(password=)[^,\\]\\s]*", "$1*****");
    }

    /** The command line (without the classpath): same java binary, the watchdog, then the real main class. */
    static List<String> commandLine(JvmCommand command) {
        List<String> line = new ArrayList<>();
        line.add(javaBinary());
        line.addAll(command.jvmOptions());
        line.add(ParentWatchdog.class.getName());
        line.add(Long.toString(ProcessHandle.current().pid()));
        line.add(command.mainClass());
        line.addAll(command.args());
        return line;
    }

    /** The child's classpath: this module's classes (for {@link ParentWatchdog}) first, then the child's own. */
    static String classpath(JvmCommand command) {
        // Absolute: the child runs in its own working directory, where a relative entry of ours
        // (java.class.path of a JVM started from the repository root) would name nothing.
        String own = Arrays.stream(command.classpath().split(File.pathSeparator)).filter(entry -> !entry.isBlank())
                .map(entry -> Path.of(entry).toAbsolutePath().toString()).collect(Collectors.joining(File.pathSeparator));
        return watchdogLocation() + File.pathSeparator + own;
    }

    /**
     * Stops a child left behind by an earlier run that used the same data dir: the PID file names
     * a live process whose command line runs our {@link ParentWatchdog} (so the PID has not been
     * reused by something else). If that child's parent is still alive, it belongs to a stack that
     * is running right now; that is an error, not something to kill.
     */
    static void stopStale(StackLayout layout, String name) throws IOException {
        Path pidFile = layout.pidFile(name);
        if (!Files.exists(pidFile)) {
            return;
        }
        Optional<ProcessHandle> alive = readPid(pidFile).flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive);
        if (alive.isEmpty()) {
            Files.deleteIfExists(pidFile);
            return;
        }
        ProcessHandle handle = alive.get();
        Optional<List<String>> args = handle.info().arguments().map(Arrays::asList);
        if (args.isEmpty()) {
            // Not ours to judge (another user's process, or no /proc); the port check that follows catches a real clash.
            LOG.warn("Cannot read the command line of PID {} named in {}; leaving it alone", handle.pid(), pidFile);
            return;
        }
        int watchdog = args.get().indexOf(ParentWatchdog.class.getName());
        if (watchdog >= 0 && args.get().size() > watchdog + 1) {
            long ownerPid = Long.parseLong(args.get().get(watchdog + 1));
            boolean ownerAlive = ProcessHandle.of(ownerPid).map(ProcessHandle::isAlive).orElse(false);
            if (ownerAlive) {
                throw new LocalStackException("A " + name + " for data dir " + layout.dataDir()
                        + " is already running (PID " + handle.pid() + ", started by PID " + ownerPid
                        + "). Stop that stack first.");
            }
            LOG.warn("Stopping stale {} (PID {}) left over from an earlier run", name, handle.pid());
            terminate(handle, name);
        }
        // Either stopped now, or the PID has been reused by an unrelated process.
        Files.deleteIfExists(pidFile);
    }

    long pid() {
        return process.pid();
    }

    String name() {
        return name;
    }

    Path logFile() {
        return logFile;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for the child to exit by itself; returns its exit code, or empty if it is still running after {@code timeout}. */
    Optional<Integer> awaitExit(Duration timeout) throws InterruptedException {
        if (process.waitFor(Math.max(0, timeout.toMillis()), TimeUnit.MILLISECONDS)) {
            deletePidFile();
            return Optional.of(process.exitValue());
        }
        return Optional.empty();
    }

    /**
     * Polls {@code ready} every 200 ms until it answers true. Throws, naming the log file and
     * quoting its last lines, if the child exits first or the deadline passes.
     */
    void awaitReady(String description, Instant deadline, BooleanSupplier ready) {
        awaitReadyOrExit(description, deadline, ready).ifPresent(code -> {
            throw new LocalStackException(failureReport(description + " exited with code " + code
                    + " before it was ready.", LOG_TAIL_LINES));
        });
    }

    /**
     * As {@link #awaitReady}, but a child that exits before it is ready is an answer, not an error:
     * empty once ready, else its exit code (a server that exits on purpose to be started again).
     */
    Optional<Integer> awaitReadyOrExit(String description, Instant deadline, BooleanSupplier ready) {
        while (true) {
            if (!process.isAlive()) {
                return Optional.of(process.exitValue());
            }
            if (ready.getAsBoolean()) {
                return Optional.empty();
            }
            if (Instant.now().isAfter(deadline)) {
                throw new LocalStackException(failureReport(description
                        + " was not ready before the startup deadline.", LOG_TAIL_LINES));
            }
            try {
                Thread.sleep(POLL_INTERVAL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LocalStackException("Interrupted while waiting for " + description, e);
            }
        }
    }

    /** SIGTERM, up to 15 s grace, then SIGKILL; the same for any descendants. Idempotent. */
    void stop() {
        terminate(process.toHandle(), name);
        deletePidFile();
    }

    /** SIGKILL, as a crash (no shutdown hooks run), and waits for the process to be gone. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("Killed {} (PID {}) with SIGKILL", name, process.pid());
        deletePidFile();
    }

    /** Sends SIGTERM and returns at once; {@link #stop()} then waits. Lets several children shut down together. */
    void requestStop() {
        process.destroy();
    }

    /** A message for an exception: the problem, the log file, and its last lines. */
    String failureReport(String problem) {
        return failureReport(problem, LOG_TAIL_LINES);
    }

    private String failureReport(String problem, int lines) {
        return problem + System.lineSeparator() + "Log file: " + logFile + System.lineSeparator()
                + "Last " + lines + " lines:" + System.lineSeparator() + logTail(lines);
    }

    String logTail(int lines) {
        try (RandomAccessFile file = new RandomAccessFile(logFile.toFile(), "r")) {
            long start = Math.max(0, file.length() - TAIL_BYTES);
            byte[] bytes = new byte[(int) (file.length() - start)];
            file.seek(start);
            file.readFully(bytes);
            List<String> all = new String(bytes, StandardCharsets.UTF_8).lines().toList();
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(could not read " + logFile + ": " + e + ")";
        }
    }

    private void deletePidFile() {
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            LOG.warn("Could not delete PID file {}: {}", pidFile, e.toString());
        }
    }

    static void terminate(ProcessHandle handle, String name) {
        // Taken before the child dies: afterwards its children are re-parented and no longer listed.
        List<ProcessHandle> descendants = handle.descendants().toList();
        terminateOne(handle, name);
        for (ProcessHandle descendant : descendants) {
            terminateOne(descendant, name + " descendant");
        }
    }

    private static void terminateOne(ProcessHandle handle, String description) {
        if (!handle.isAlive()) {
            return;
        }
        long started = System.nanoTime();
        handle.destroy();
        if (!awaitExit(handle, STOP_GRACE)) {
            LOG.warn("{} (PID {}) did not stop within {} s of SIGTERM; killing it",
                    description, handle.pid(), STOP_GRACE.toSeconds());
            handle.destroyForcibly();
            if (!awaitExit(handle, STOP_GRACE)) {
                LOG.error("{} (PID {}) is still alive after SIGKILL", description, handle.pid());
                return;
            }
        }
        LOG.info("Stopped {} (PID {}) in {} ms", description, handle.pid(),
                Duration.ofNanos(System.nanoTime() - started).toMillis());
    }

    private static boolean awaitExit(ProcessHandle handle, Duration timeout) {
        try {
            handle.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return !handle.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !handle.isAlive();
        }
    }

    static Optional<Long> readPid(Path pidFile) throws IOException {
        String text = Files.readString(pidFile, StandardCharsets.UTF_8).trim();
        try {
            return Optional.of(Long.parseLong(text));
        } catch (NumberFormatException e) {
            LOG.warn("Ignoring PID file {} with unexpected content '{}'", pidFile, text);
            return Optional.empty();
        }
    }

    private static String javaBinary() {
        return ParentWatchdog.javaBinary();
    }

    /** The directory or jar this module's classes come from; it holds {@link ParentWatchdog}. */
    private static String watchdogLocation() {
        return ParentWatchdog.location();
    }
}
