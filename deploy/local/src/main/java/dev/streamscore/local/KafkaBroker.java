package dev.streamscore.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A single-node KRaft Kafka broker (broker + controller in one JVM) running as a child process
 * with the real {@code kafka_2.13} jars from {@code streamscore-local-runtime}.
 *
 * <p>{@link #launch} writes {@code server.properties} and a log4j2 config under
 * {@code <dataDir>/kafka}, formats the storage (once: {@code --ignore-formatted} keeps existing
 * data) and starts {@code kafka.Kafka}; {@link #awaitReady} returns once an Admin client gets an
 * answer to {@code describeCluster}.
 */
final class KafkaBroker {

    static final String PROCESS_NAME = "kafka";
    private static final String MAIN_CLASS = "kafka.Kafka";
    private static final String STORAGE_TOOL = "kafka.tools.StorageTool";
    private static final String LOG4J2_PROPERTIES = """
            # Written by StreamScore's local stack: INFO to the console, which goes to logs/kafka.log.
            status = warn
            appender.console.type = Console
            appender.console.name = console
            appender.console.layout.type = PatternLayout
            appender.console.layout.pattern = [%d] %p %m (%c)%n
            rootLogger.level = INFO
            rootLogger.appenderRef.console.ref = console
            """;

    private final int port;
    private final ChildProcess process;

    private KafkaBroker(int port, ChildProcess process) {
        this.port = port;
        this.process = process;
    }

    /** Formats the storage if new (a short-lived child JVM) and starts the broker; does not wait for it to serve. */
    static KafkaBroker launch(StackLayout layout, int port, int controllerPort, Instant deadline) throws IOException {
        Path kafkaDir = layout.kafkaDir();
        Files.createDirectories(kafkaDir);
        Path dataDir = kafkaDir.resolve("data");
        Path serverProperties = kafkaDir.resolve("server.properties");
        Files.writeString(serverProperties, KafkaServerProperties.render(port, controllerPort, dataDir),
                StandardCharsets.UTF_8);
        Path log4jConfig = kafkaDir.resolve("log4j2.properties");
        Files.writeString(log4jConfig, LOG4J2_PROPERTIES, StandardCharsets.UTF_8);

        String classpath = RuntimeArtifacts.kafkaBrokerClasspath();
        List<String> logging = List.of("-Dlog4j2.configurationFile=" + log4jConfig.toAbsolutePath());
        // A formatted log dir has meta.properties; skipping the tool then saves a JVM start (~3 s).
        if (!Files.exists(dataDir.resolve("meta.properties"))) {
            format(layout, classpath, logging, serverProperties, clusterId(kafkaDir), deadline);
        }

        List<String> jvmOptions = new ArrayList<>(List.of("-Xms256m", "-Xmx768m"));
        jvmOptions.addAll(logging);
        ChildProcess broker = ChildProcess.start(new JvmCommand(PROCESS_NAME, kafkaDir, classpath, jvmOptions,
                MAIN_CLASS, List.of(serverProperties.toAbsolutePath().toString())), layout);
        return new KafkaBroker(port, broker);
    }

    /** Blocks until the broker answers {@code describeCluster}; throws with the log's tail if it dies or the deadline passes. */
    void awaitReady(Instant deadline) {
        String description = "The Kafka broker on " + bootstrapServers();
        // Wait for the port first: an Admin client against a closed port logs a warning per attempt.
        process.awaitReady(description, deadline, () -> FreePorts.isAccepting(port));
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3_000);
        try (Admin admin = Admin.create(config)) {
            process.awaitReady(description, deadline, () -> answersDescribeCluster(admin));
        }
    }

    private static boolean answersDescribeCluster(Admin admin) {
        try {
            return !admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty();
        } catch (ExecutionException | TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalStackException("Interrupted while waiting for the Kafka broker", e);
        }
    }

    String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    ChildProcess process() {
        return process;
    }

    void stop() {
        process.stop();
    }

    /**
     * Runs {@code StorageTool format --standalone --ignore-formatted}, which writes the cluster id
     * and the initial KRaft voter set into the log dir; a no-op on an already formatted dir.
     */
    private static void format(StackLayout layout, String classpath, List<String> logging, Path serverProperties,
                               String clusterId, Instant deadline) throws IOException {
        ChildProcess tool = ChildProcess.start(new JvmCommand("kafka-format", layout.kafkaDir(), classpath, logging,
                STORAGE_TOOL, List.of("format", "--standalone", "--ignore-formatted", "-t", clusterId,
                        "-c", serverProperties.toAbsolutePath().toString())), layout);
        Optional<Integer> exitCode;
        try {
            exitCode = tool.awaitExit(Duration.between(Instant.now(), deadline));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            tool.stop();
            throw new LocalStackException("Interrupted while formatting the Kafka storage", e);
        }
        if (exitCode.isEmpty()) {
            tool.stop();
            throw new LocalStackException(tool.failureReport(
                    "Formatting the Kafka storage did not finish before the startup deadline."));
        }
        if (exitCode.get() != 0) {
            throw new LocalStackException(tool.failureReport(
                    "Formatting the Kafka storage failed with exit code " + exitCode.get() + "."));
        }
    }

    /** The cluster id in {@code <kafkaDir>/cluster.id}, created on first use so a persistent stack keeps its id. */
    private static String clusterId(Path kafkaDir) throws IOException {
        Path file = kafkaDir.resolve("cluster.id");
        if (Files.exists(file)) {
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        }
        String id = Uuid.randomUuid().toString();
        Files.writeString(file, id + System.lineSeparator(), StandardCharsets.UTF_8);
        return id;
    }
}
