package dev.streamscore.drift;

import dev.streamscore.local.FreePorts;
import dev.streamscore.local.LocalProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The real {@code DriftApp.main} in a child JVM with this JVM's classpath, started as the local
 * stack starts its own ({@link LocalProcess}: it cannot outlive the test, its output goes to
 * {@code <dir>/<name>.log}). {@link #kill()} is {@code kill -9} of that one process: no shutdown
 * hook, no commit, no leaving the group, as in a crash.
 */
final class DriftChildProcess implements AutoCloseable {
    private final String name;
    private final LocalProcess process;
    private final int httpPort;
    private final HttpClient http = HttpClient.newHttpClient();

    private DriftChildProcess(String name, LocalProcess process, int httpPort) {
        this.name = name;
        this.process = process;
        this.httpPort = httpPort;
    }

    /** Starts DriftApp with {@code args} plus {@code --http-port} (a free port); PID file and log in {@code dir}. */
    static DriftChildProcess start(String name, List<String> args, Path dir) {
        int port = FreePorts.pick(1).get(0);
        List<String> withPort = new ArrayList<>(args);
        withPort.addAll(List.of("--http-port", Integer.toString(port)));
        Path absolute = dir.toAbsolutePath();
        LocalProcess process = LocalProcess.start(name, absolute, absolute, System.getProperty("java.class.path"),
                List.of("-Xmx320m"), DriftApp.class.getName(), withPort);
        return new DriftChildProcess(name, process, port);
    }

    long pid() {
        return process.pid();
    }

    /** Waits until its /health answers 200 (Kafka Streams RUNNING); fails with the log's tail if it exits first. */
    void awaitRunning(Duration timeout) {
        process.awaitReady("drift-stream child " + name, timeout, this::healthy);
    }

    /** SIGKILL, and waits until it is gone. */
    void kill() {
        process.kill();
        if (process.isAlive()) {
            throw new IllegalStateException("drift-stream child " + process.pid() + " survived SIGKILL");
        }
    }

    @Override
    public void close() {
        process.close();
    }

    private boolean healthy() {
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/health"))
                .timeout(Duration.ofSeconds(2)).build();
        try {
            return http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for " + name, e);
        }
    }
}
