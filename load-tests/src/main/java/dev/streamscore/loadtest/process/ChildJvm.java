package dev.streamscore.loadtest.process;

import dev.streamscore.local.ParentWatchdog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A system under test in a JVM of its own, as the streamscore CLI starts the apps: the scoring
 * job on scoring-stream's recorded runtime classpath (kafka-clients 4.2), the drift app on
 * drift-stream's (4.4), the baseline jobs and model server on this module's classpath. Output
 * goes to a log file; {@link #close()} stops it by its own PID. Under {@link ParentWatchdog}, as
 * every child StreamScore starts: a benchmark killed outright leaves no system under test running.
 */
public final class ChildJvm implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Path log;

    private ChildJvm(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** Starts {@code mainClass} on {@code classpath}. */
    public static ChildJvm start(String name, String classpath, List<String> jvmOptions, String mainClass,
            List<String> args, Path logDir) {
        List<String> command = ParentWatchdog.javaCommand(classpath, jvmOptions, mainClass, args);
        try {
            Files.createDirectories(logDir);
            Path log = logDir.resolve(name + ".log");
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(log.toFile())).start();
            return new ChildJvm(name, process, log);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + name, e);
        }
    }

    /** This JVM's own classpath (the load-tests module and its dependencies). */
    public static String ownClasspath() {
        return System.getProperty("java.class.path");
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** Waits until the log contains {@code text}; fails if the JVM exits or time runs out. */
    public void awaitLog(String text, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
            }
            try {
                if (Files.readString(log).contains(text)) {
                    return;
                }
            } catch (IOException e) {
                // Not written yet.
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(name + " did not log '" + text + "' in " + timeoutMillis + " ms; see " + log);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
