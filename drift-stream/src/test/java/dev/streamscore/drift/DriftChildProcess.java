package dev.streamscore.drift;

import dev.streamscore.local.ParentWatchdog;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code DriftApp.main} in a child JVM (this JVM's java and classpath), under the local
 * stack's {@link ParentWatchdog} so it cannot outlive the test, with its output in a log file.
 * {@link #kill()} is {@code kill -9} of that one process: no shutdown hook, no commit, no leaving
 * the group, as in a crash.
 */
final class DriftChildProcess implements AutoCloseable {
    private final Process process;
    private final int httpPort;
    private final Path log;

    private DriftChildProcess(Process process, int httpPort, Path log) {
        this.process = process;
        this.httpPort = httpPort;
        this.log = log;
    }

    /** Starts DriftApp with {@code args} plus {@code --http-port} (a free port, returned by {@link #httpPort()}). */
    static DriftChildProcess start(String name, List<String> args, Path logDir) throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx320m", "-cp", System.getProperty("java.class.path"), ParentWatchdog.class.getName(),
                Long.toString(ProcessHandle.current().pid()), DriftApp.class.getName()));
        command.addAll(args);
        command.addAll(List.of("--http-port", Integer.toString(port)));
        Files.createDirectories(logDir);
        Path log = logDir.resolve(name + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile())).start();
        process.getOutputStream().close();
        return new DriftChildProcess(process, port, log);
    }

    int httpPort() {
        return httpPort;
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    /** Waits until its /health answers 200 (Kafka Streams RUNNING). */
    void awaitRunning(Duration timeout) throws InterruptedException {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/health"))
                .timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("drift-stream child exited with " + process.exitValue() + "; see " + log);
            }
            try {
                if (client.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // Not listening yet.
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("drift-stream child not RUNNING after " + timeout + "; see " + log);
    }

    /** SIGKILL, and wait until it is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("drift-stream child " + process.pid() + " survived SIGKILL");
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            try {
                kill();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
