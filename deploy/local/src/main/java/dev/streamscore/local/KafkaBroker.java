package dev.streamscore.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
 * One KRaft Kafka node (broker + controller in one JVM) running as a child process with the real
 * {@code kafka_2.13} jars from {@code streamscore-local-runtime}: the single broker of a stack, or
 * one of the three nodes of a cluster stack.
 *
 * <p>{@link #launch} writes {@code server.properties} and a log4j2 config under
 * {@code <dataDir>/kafka} ({@code kafka-2}, {@code kafka-3} for the other nodes), formats the storage (once: {@code --ignore-formatted} keeps existing
 * data) and starts {@code kafka.Kafka}; {@link #awaitReady} returns once an Admin client gets an
 * answer to {@code describeCluster}. Secured ({@link KafkaSecurity}), it also generates the TLS
 * stores under {@code <dataDir>/kafka/tls} on every start and creates the SCRAM users when it
 * formats the storage ({@code --add-scram}, so they exist before the first client connects).
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

    private final KafkaNode node;
    private final int port;
    private final ChildProcess process;
    private final KafkaSecurity security;
    private final BrokerTls tls;

    private KafkaBroker(KafkaNode node, ChildProcess process, KafkaSecurity security, BrokerTls tls) {
        this.node = node;
        this.port = node.port();
        this.process = process;
        this.security = security;
        this.tls = tls;
    }

    /**
     * Formats the storage if new (a short-lived child JVM) and starts the broker; does not wait for it to serve.
     *
     * @param cluster  every node of the cluster, {@code node} among them (one node: a single broker)
     * @param security null for PLAINTEXT
     * @param tls      the certificate every node serves; null for PLAINTEXT
     */
    static KafkaBroker launch(StackLayout layout, KafkaNode node, List<KafkaNode> cluster, KafkaSecurity security,
                              BrokerTls tls, Instant deadline) throws IOException {
        Path kafkaDir = layout.kafkaDir(node);
        Files.createDirectories(kafkaDir);
        Path dataDir = kafkaDir.resolve("data");
        Path serverProperties = kafkaDir.resolve("server.properties");
        Files.writeString(serverProperties, KafkaServerProperties.render(node, cluster, dataDir, security, tls),
                StandardCharsets.UTF_8);
        Path log4jConfig = kafkaDir.resolve("log4j2.properties");
        Files.writeString(log4jConfig, LOG4J2_PROPERTIES, StandardCharsets.UTF_8);

        String classpath = RuntimeArtifacts.kafkaBrokerClasspath();
        List<String> logging = List.of("-Dlog4j2.configurationFile=" + log4jConfig.toAbsolutePath());
        // A formatted log dir has meta.properties; skipping the tool then saves a JVM start (~3 s).
        if (!Files.exists(dataDir.resolve("meta.properties"))) {
            // Every node of a cluster is formatted with the same cluster id, kept in node 1's dir.
            format(layout, node, cluster.size() == 1, classpath, logging, serverProperties,
                    clusterId(layout.kafkaDir()), security, deadline);
        }

        List<String> jvmOptions = new ArrayList<>(List.of("-Xms256m", "-Xmx768m"));
        jvmOptions.addAll(logging);
        ChildProcess broker = ChildProcess.start(new JvmCommand(node.processName(), kafkaDir, classpath, jvmOptions,
                MAIN_CLASS, List.of(serverProperties.toAbsolutePath().toString())), layout);
        return new KafkaBroker(node, broker, security, tls);
    }

    /** Blocks until the broker answers {@code describeCluster}; throws with the log's tail if it dies or the deadline passes. */
    void awaitReady(Instant deadline) {
        String description = "The Kafka broker (node " + node.id() + ") on " + bootstrapServers();
        // Wait for the port first: an Admin client against a closed port logs a warning per attempt.
        process.awaitReady(description, deadline, () -> FreePorts.isAccepting(port));
        Map<String, Object> config = new HashMap<>(clientProperties(KafkaSecurity.ADMIN));
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3_000);
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

    /**
     * What a client needs besides {@code bootstrap.servers} to connect as {@code user}: nothing for a
     * PLAINTEXT broker; {@code security.protocol}, {@code sasl.*} and {@code ssl.truststore.*} for a secured one.
     */
    Map<String, String> clientProperties(String user) {
        if (security == null) {
            return Map.of();
        }
        Map<String, String> client = new LinkedHashMap<>();
        client.put("security.protocol", "SASL_SSL");
        client.put("sasl.mechanism", KafkaSecurity.MECHANISM);
        client.put("sasl.jaas.config", KafkaSecurity.jaasConfig(user, security.password(user)));
        client.putAll(trustProperties());
        return client;
    }

    /** {@code ssl.truststore.*} for the stack's CA; empty for a PLAINTEXT broker. */
    Map<String, String> trustProperties() {
        if (tls == null) {
            return Map.of();
        }
        return Map.of("ssl.truststore.type", BrokerTls.STORE_TYPE,
                "ssl.truststore.location", tls.truststore().toAbsolutePath().toString(),
                "ssl.truststore.password", tls.password());
    }

    ChildProcess process() {
        return process;
    }

    KafkaNode node() {
        return node;
    }

    BrokerTls tls() {
        return tls;
    }

    void stop() {
        process.stop();
    }

    /** SIGKILL, as a crash: no controlled shutdown, no leadership handed over. */
    void kill() {
        process.kill();
    }

    /**
     * Runs {@code StorageTool format --ignore-formatted}, which writes the cluster id (and, for a
     * single node, {@code --standalone}, the initial KRaft voter set; a cluster's voters are static in
     * its properties) into the log dir; a no-op on an already formatted dir.
     */
    private static void format(StackLayout layout, KafkaNode node, boolean standalone, String classpath,
                               List<String> logging, Path serverProperties, String clusterId, KafkaSecurity security,
                               Instant deadline) throws IOException {
        List<String> args = new ArrayList<>(List.of("format"));
        if (standalone) {
            args.add("--standalone");
        }
        args.addAll(List.of("--ignore-formatted", "-t", clusterId, "-c", serverProperties.toAbsolutePath().toString()));
        if (security != null) {
            // The SCRAM credentials go into the bootstrap metadata, so they exist before any client connects.
            // ChildProcess masks the passwords in the log's command line.
            security.users().forEach((user, password) -> args.addAll(List.of("--add-scram",
                    KafkaSecurity.MECHANISM + "=[name=" + user + ",password=" + password + "]")));
        }
        ChildProcess tool = ChildProcess.start(new JvmCommand(node.processName() + "-format", layout.kafkaDir(node), classpath, logging,
                STORAGE_TOOL, args), layout);
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
        Files.createDirectories(kafkaDir);
        Path file = kafkaDir.resolve("cluster.id");
        if (Files.exists(file)) {
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        }
        String id = Uuid.randomUuid().toString();
        Files.writeString(file, id + System.lineSeparator(), StandardCharsets.UTF_8);
        return id;
    }
}
