package dev.streamscore.local;

import dev.streamscore.config.LocalStackDefaults;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * What a {@link LocalStack} runs with: where it keeps its data and logs, which ports it listens on
 * (all on 127.0.0.1), how long it may take to start, and which topics it creates.
 *
 * <p>Two flavours: {@link #forTests()} (throwaway data dir, free ports, everything deleted on
 * close) and {@link #persistent(Path)} (fixed well-known ports, data kept across restarts, for a
 * developer's long-running stack).
 *
 * @param dataDir                root of the stack's files: broker logs, registry database, process logs, PID files
 * @param persistent             true keeps {@code dataDir} on close; false deletes it (it must then be new or empty)
 * @param kafkaPort              PLAINTEXT listener of the broker; 0 picks a free port
 * @param kafkaControllerPort    KRaft CONTROLLER listener; 0 picks a free port
 * @param registryPort           Apicurio Registry HTTP port; 0 picks a free port
 * @param registryManagementPort Quarkus management port of the registry; 0 picks a free port
 * @param startupTimeout         deadline for the whole stack to become ready
 * @param topics                 topics created once the broker is ready; may be empty
 * @param logDir                 where each child's log file goes; by default {@code <dataDir>/logs}
 * @param kafkaSecurity          null for a PLAINTEXT broker (the default); else SASL_SSL with these users and ACLs
 * @param kafkaNodes             1 (the default) for one broker; 3 for a KRaft cluster of three combined broker and
 *                               controller nodes with replication factor 3 and min.insync.replicas 2. Node {@code i}
 *                               (0-based) listens on {@code kafkaPort + 2i} and {@code kafkaControllerPort + 2i}
 *                               when the ports are fixed
 * @param registryTls            false (the default) for a registry on plain HTTP; true for HTTPS only, with a
 *                               certificate for {@code localhost} from a CA made at start
 *                               ({@link LocalStack#registryClientProperties()})
 * @param keycloakDistribution   null (the default) for a registry without authentication; else the Keycloak
 *                               distribution zip ({@code org.keycloak:keycloak-quarkus-dist}) the stack runs as the
 *                               registry's OpenID Connect provider, every registry request then authenticated
 *                               ({@link LocalStack#registryClientProperties()} holds a client's basic auth)
 */
public record LocalStackConfig(
        Path dataDir,
        boolean persistent,
        int kafkaPort,
        int kafkaControllerPort,
        int registryPort,
        int registryManagementPort,
        Duration startupTimeout,
        List<TopicSpec> topics,
        Path logDir,
        KafkaSecurity kafkaSecurity,
        int kafkaNodes,
        boolean registryTls,
        Path keycloakDistribution) {

    public static final int DEFAULT_KAFKA_PORT = LocalStackDefaults.KAFKA_PORT;
    public static final int DEFAULT_KAFKA_CONTROLLER_PORT = 9093;
    /** Confluent Schema Registry's usual port, so tools configured for it find the registry. */
    public static final int DEFAULT_REGISTRY_PORT = LocalStackDefaults.REGISTRY_PORT;
    public static final int DEFAULT_REGISTRY_MANAGEMENT_PORT = 9001;
    /** Generous: the registry alone needs up to 50 s on a loaded 2-core machine. */
    public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(120);

    public LocalStackConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        dataDir = dataDir.toAbsolutePath().normalize();
        requirePort("kafkaPort", kafkaPort);
        requirePort("kafkaControllerPort", kafkaControllerPort);
        requirePort("registryPort", registryPort);
        requirePort("registryManagementPort", registryManagementPort);
        Objects.requireNonNull(startupTimeout, "startupTimeout");
        if (startupTimeout.isNegative() || startupTimeout.isZero()) {
            throw new IllegalArgumentException("startupTimeout must be positive, got " + startupTimeout);
        }
        if (kafkaNodes != 1 && kafkaNodes != 3) {
            throw new IllegalArgumentException("kafkaNodes must be 1 (one broker) or 3 (a KRaft cluster), got " + kafkaNodes);
        }
        topics = List.copyOf(topics);
        logDir = (logDir == null ? dataDir.resolve("logs") : logDir).toAbsolutePath().normalize();
        Set<String> names = new HashSet<>();
        for (TopicSpec topic : topics) {
            if (!names.add(topic.name())) {
                throw new IllegalArgumentException("Topic '" + topic.name() + "' is listed twice");
            }
        }
    }

    /**
     * A throwaway stack for tests: a new directory under {@code java.io.tmpdir} (created on start,
     * deleted on close), free ports, no topics. Its logs outlive it, so a failed build can be read:
     * under {@code target/local-stack-logs/} when run from a Maven module, else in the data dir.
     */
    /** A PLAINTEXT broker (the usual case). */
    public LocalStackConfig(Path dataDir, boolean persistent, int kafkaPort, int kafkaControllerPort, int registryPort,
                            int registryManagementPort, Duration startupTimeout, List<TopicSpec> topics, Path logDir) {
        this(dataDir, persistent, kafkaPort, kafkaControllerPort, registryPort, registryManagementPort, startupTimeout,
                topics, logDir, null, 1, false, null);
    }

    public static LocalStackConfig forTests() {
        String id = UUID.randomUUID().toString().substring(0, 8);
        Path dataDir = Path.of(System.getProperty("java.io.tmpdir"), "streamscore-stack-" + id);
        Path target = Path.of("target");
        Path logDir = Files.isDirectory(target) ? target.resolve("local-stack-logs").resolve(id) : null;
        return new LocalStackConfig(dataDir, false, 0, 0, 0, 0, DEFAULT_STARTUP_TIMEOUT, List.of(), logDir);
    }

    /** A long-running stack on the default ports (9092, 9093, 8081, 9001) that keeps its data in {@code dataDir}. */
    public static LocalStackConfig persistent(Path dataDir) {
        return new LocalStackConfig(dataDir, true, DEFAULT_KAFKA_PORT, DEFAULT_KAFKA_CONTROLLER_PORT,
                DEFAULT_REGISTRY_PORT, DEFAULT_REGISTRY_MANAGEMENT_PORT, DEFAULT_STARTUP_TIMEOUT, List.of(), null);
    }

    /** Where the persistent stack keeps its data unless told otherwise: {@code ${user.home}/.streamscore/stack}. */
    public static Path defaultDataDir() {
        return Path.of(System.getProperty("user.home"), ".streamscore", "stack");
    }

    public LocalStackConfig withTopics(List<TopicSpec> newTopics) {
        return new LocalStackConfig(dataDir, persistent, kafkaPort, kafkaControllerPort, registryPort,
                registryManagementPort, startupTimeout, newTopics, logDir, kafkaSecurity, kafkaNodes, registryTls,
                keycloakDistribution);
    }

    public LocalStackConfig withStartupTimeout(Duration newTimeout) {
        return new LocalStackConfig(dataDir, persistent, kafkaPort, kafkaControllerPort, registryPort,
                registryManagementPort, newTimeout, topics, logDir, kafkaSecurity, kafkaNodes, registryTls,
                keycloakDistribution);
    }

    /** A copy whose broker serves clients on SASL_SSL with these SCRAM users and enforces ACLs (null: PLAINTEXT). */
    public LocalStackConfig withKafkaSecurity(KafkaSecurity security) {
        return new LocalStackConfig(dataDir, persistent, kafkaPort, kafkaControllerPort, registryPort,
                registryManagementPort, startupTimeout, topics, logDir, security, kafkaNodes, registryTls,
                keycloakDistribution);
    }

    /**
     * A copy that runs a 3-node KRaft cluster (each node broker and controller; replication factor 3,
     * min.insync.replicas 2 for every topic and the internal ones), so one node can die without
     * losing an acknowledged record or stopping producers with {@code acks=all}.
     */
    public LocalStackConfig withKafkaCluster() {
        return new LocalStackConfig(dataDir, persistent, kafkaPort, kafkaControllerPort, registryPort,
                registryManagementPort, startupTimeout, topics, logDir, kafkaSecurity, 3, registryTls,
                keycloakDistribution);
    }

    /** A copy whose registry serves HTTPS only, with a certificate for {@code localhost}. */
    public LocalStackConfig withRegistryTls() {
        return new LocalStackConfig(dataDir, persistent, kafkaPort, kafkaControllerPort, registryPort,
                registryManagementPort, startupTimeout, topics, logDir, kafkaSecurity, kafkaNodes, true,
                keycloakDistribution);
    }

    /**
     * A copy whose registry authenticates every request against Keycloak, run from this distribution
     * zip as the stack's OpenID Connect provider (see {@link KeycloakServer}).
     */
    public LocalStackConfig withRegistryAuth(Path keycloakDistribution) {
        return new LocalStackConfig(dataDir, persistent, kafkaPort, kafkaControllerPort, registryPort,
                registryManagementPort, startupTimeout, topics, logDir, kafkaSecurity, kafkaNodes, registryTls,
                Objects.requireNonNull(keycloakDistribution, "keycloakDistribution"));
    }

    /** A copy with the given ports; used to replace the 0s by the ports actually picked. */
    LocalStackConfig withPorts(int newKafkaPort, int newControllerPort, int newRegistryPort, int newManagementPort) {
        return new LocalStackConfig(dataDir, persistent, newKafkaPort, newControllerPort, newRegistryPort,
                newManagementPort, startupTimeout, topics, logDir, kafkaSecurity, kafkaNodes, registryTls,
                keycloakDistribution);
    }

    private static void requirePort(String name, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(name + " must be 0 (pick a free port) or 1-65535, got " + port);
        }
    }
}
