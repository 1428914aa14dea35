package dev.streamscore.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka broker (KRaft; one node, or a cluster of three with {@link LocalStackConfig#withKafkaCluster()})
 * and a real Apicurio Registry (Confluent-compatible API), each a child JVM listening on 127.0.0.1
 * only, plus the topics the config lists. For fault-injection tests each node and the registry can
 * be killed with SIGKILL and started again ({@link #killKafkaNode}, {@link #restartKafkaNodes},
 * {@link #killRegistry}, {@link #restartRegistry}).
 *
 * <p>{@link #start} returns once both serve; {@link #close} stops both by PID. They are also
 * stopped by a JVM shutdown hook, and each child halts itself if this JVM disappears (see
 * {@link ParentWatchdog}), so no broker or registry outlives the process that started it.
 *
 * <p>Files: {@code <dataDir>/logs/<process>.log} (each child's stdout and stderr),
 * {@code <dataDir>/pids/}, {@code <dataDir>/kafka/}, {@code <dataDir>/registry/}. A test stack
 * deletes its data dir on close; a persistent stack keeps it and reuses it on the next start.
 */
public final class LocalStack implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);
    /** The client a stack with registry authentication gives its registry users ({@link #registryClientProperties()}). */
    static final String REGISTRY_CLIENT = "streamscore";

    private final LocalStackConfig config;
    private final StackLayout layout;
    private final Thread shutdownHook;
    private final List<KafkaNode> nodes;
    private final Map<Integer, KafkaBroker> brokers = new TreeMap<>();
    private BrokerTls tls;
    private BrokerTls registryTls;
    private KeycloakServer keycloak;
    private RegistryAuth registryAuth;
    private ApicurioRegistry registry;
    private volatile boolean closed;
    /** Set once a throwaway data dir has been checked to be ours, so close never deletes someone else's files. */
    private boolean deleteDataDirOnClose;

    private LocalStack(LocalStackConfig config, List<KafkaNode> nodes) {
        this.config = config;
        this.nodes = List.copyOf(nodes);
        this.layout = new StackLayout(config.dataDir(), config.logDir());
        this.shutdownHook = new Thread(this::close, "local-stack-shutdown");
    }

    /**
     * Starts the broker and the registry (both launched before waiting for either, so they boot in
     * parallel), waits until both serve or {@link LocalStackConfig#startupTimeout()} passes, and
     * creates the configured topics. On failure everything started so far is stopped again.
     *
     * @throws LocalStackException if a part does not become ready; the message names its log file and quotes its end
     */
    public static LocalStack start(LocalStackConfig config) {
        long started = System.nanoTime();
        Instant deadline = Instant.now().plus(config.startupTimeout());
        LocalStackConfig concrete = withConcretePorts(config);
        LocalStack stack = new LocalStack(concrete, kafkaNodes(config, concrete));
        try {
            stack.prepareDataDir();
            Runtime.getRuntime().addShutdownHook(stack.shutdownHook);
            stack.launchAndAwait(deadline);
        } catch (IOException e) {
            stack.close();
            throw new LocalStackException("Cannot start the local stack in " + config.dataDir() + ": " + e, e);
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
        LOG.info("Local stack ready in {} ms: bootstrap servers {} ({}), registry {}, data dir {}, logs in {}",
                Duration.ofNanos(System.nanoTime() - started).toMillis(), stack.bootstrapServers(),
                config.kafkaSecurity() == null ? "PLAINTEXT" : "SASL_SSL " + KafkaSecurity.MECHANISM,
                stack.registryUrl(), stack.dataDir(), stack.logDir());
        return stack;
    }

    /** {@code 127.0.0.1:<kafkaPort>} (every node's, comma-separated, for a cluster), for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return KafkaNode.bootstrapServers(nodes);
    }

    /** The node ids of the Kafka cluster: {@code [1]}, or {@code [1, 2, 3]}. */
    public List<Integer> kafkaNodeIds() {
        return nodes.stream().map(KafkaNode::id).toList();
    }

    /** The PID of a Kafka node's JVM. */
    public long kafkaNodePid(int nodeId) {
        return broker(nodeId).process().pid();
    }

    /** SIGKILL of one Kafka node (a crash: no controlled shutdown); returns once the process is gone. */
    public synchronized void killKafkaNode(int nodeId) {
        broker(nodeId).kill();
    }

    /**
     * Starts killed nodes again on their ports and data (after {@link #killKafkaNode}); returns once
     * each answers. Nodes restarted together are launched before waiting for any, since a lone
     * controller cannot form a quorum.
     */
    public synchronized void restartKafkaNodes(int... nodeIds) {
        Instant deadline = Instant.now().plus(config.startupTimeout());
        List<KafkaBroker> restarted = new ArrayList<>();
        try {
            for (int nodeId : nodeIds) {
                KafkaBroker old = broker(nodeId);
                if (old.process().isAlive()) {
                    throw new IllegalStateException("Kafka node " + nodeId + " is still running (PID " + old.process().pid() + ")");
                }
                KafkaBroker broker = KafkaBroker.launch(layout, old.node(), nodes, config.kafkaSecurity(), tls, deadline);
                brokers.put(nodeId, broker);
                restarted.add(broker);
            }
        } catch (IOException e) {
            throw new LocalStackException("Cannot restart Kafka nodes " + Arrays.toString(nodeIds) + ": " + e, e);
        }
        restarted.forEach(b -> b.awaitReady(deadline));
    }

    /** SIGKILL of the registry; its schemas are on disk and come back with {@link #restartRegistry}. */
    public synchronized void killRegistry() {
        registry.kill();
    }

    /** Starts the registry again on its ports and storage; returns once it serves. */
    public synchronized void restartRegistry() {
        if (registry.process().isAlive()) {
            throw new IllegalStateException("The registry is still running (PID " + registry.process().pid() + ")");
        }
        Instant deadline = Instant.now().plus(config.startupTimeout());
        try {
            registry = ApicurioRegistry.launch(layout, config.registryPort(), config.registryManagementPort(), registryTls,
                    registryAuth);
            registry.awaitReady(deadline);
        } catch (IOException e) {
            throw new LocalStackException("Cannot restart the registry: " + e, e);
        }
    }

    private KafkaBroker broker(int nodeId) {
        KafkaBroker broker = brokers.get(nodeId);
        if (broker == null) {
            throw new IllegalArgumentException("No Kafka node " + nodeId + "; the nodes are " + kafkaNodeIds());
        }
        return broker;
    }

    private KafkaBroker firstBroker() {
        return brokers.values().iterator().next();
    }

    /**
     * Client settings besides {@code bootstrap.servers} that connect as the super user: empty for a
     * PLAINTEXT broker; {@code security.protocol=SASL_SSL}, {@code sasl.mechanism},
     * {@code sasl.jaas.config} and {@code ssl.truststore.*} when {@link LocalStackConfig#kafkaSecurity()} is set.
     */
    public Map<String, String> adminClientProperties() {
        return clientProperties(KafkaSecurity.ADMIN);
    }

    /** As {@link #adminClientProperties()}, logging in as {@code user} (one of {@link KafkaSecurity#users()}). */
    public Map<String, String> clientProperties(String user) {
        return firstBroker().clientProperties(user);
    }

    /** {@code ssl.truststore.*} that trust the secured broker's certificate; empty for a PLAINTEXT broker. */
    public Map<String, String> trustProperties() {
        return firstBroker().trustProperties();
    }

    /**
     * The Confluent-compatible registry base URL, {@code http://127.0.0.1:<port>/apis/ccompat/v7}, or
     * with {@link LocalStackConfig#withRegistryTls()} {@code https://localhost:<port>/apis/ccompat/v7}.
     */
    public String registryUrl() {
        return registry.url();
    }

    /**
     * The registry client settings this stack's registry needs: {@code schema.registry.ssl.truststore.*}
     * with {@link LocalStackConfig#withRegistryTls()}, {@code basic.auth.*} (a client id and secret the
     * registry exchanges for a token at Keycloak) with {@link LocalStackConfig#withRegistryAuth}; empty
     * for a plain HTTP registry without authentication.
     */
    public Map<String, String> registryClientProperties() {
        return registry.clientProperties();
    }

    public Path dataDir() {
        return config.dataDir();
    }

    /** Where {@code kafka.log}, {@code registry.log} and {@code kafka-format.log} are. */
    public Path logDir() {
        return layout.logDir();
    }

    /** The config this stack runs with, with the ports actually used in place of any 0s. */
    public LocalStackConfig config() {
        return config;
    }

    /** PIDs of the Kafka nodes' and the registry's JVMs, in that order. */
    public List<Long> childPids() {
        List<Long> pids = new ArrayList<>();
        brokers.values().forEach(b -> pids.add(b.process().pid()));
        pids.add(registry.process().pid());
        return pids;
    }

    /** True until {@link #close} and while every child process is alive. */
    public boolean isRunning() {
        return !closed && brokers.values().stream().allMatch(b -> b.process().isAlive()) && registry.process().isAlive();
    }

    /** True once {@link #close} has begun (called directly or by the shutdown hook). */
    public boolean isClosed() {
        return closed;
    }

    /** Creates topics with default configs (topic name to partition count); existing topics are left as they are. */
    public void createTopics(Map<String, Integer> nameToPartitions) {
        createTopics(nameToPartitions.entrySet().stream().map(e -> TopicSpec.of(e.getKey(), e.getValue())).toList());
    }

    /** Creates topics with their configs; existing topics are left as they are. */
    public void createTopics(Collection<TopicSpec> topics) {
        KafkaTopics.create(bootstrapServers(), adminClientProperties(), topics);
    }

    /**
     * Stops the registry and the broker by PID (SIGTERM, then SIGKILL after 15 s) and deletes the
     * data dir of a test stack. Idempotent; also run by the shutdown hook.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (registry != null) {
            registry.stop();
        }
        if (keycloak != null) {
            keycloak.stop();
        }
        // All nodes at once: stopped one by one, the last two would wait for a controller quorum that is gone.
        brokers.values().forEach(b -> b.process().requestStop());
        brokers.values().forEach(KafkaBroker::stop);
        if (Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // The JVM is already shutting down; the hook may be running or done.
            }
        }
        if (deleteDataDirOnClose) {
            try {
                FileTrees.deleteRecursively(config.dataDir());
            } catch (IOException e) {
                LOG.warn("Could not delete the test stack's data dir {}: {}", config.dataDir(), e.toString());
            }
        }
        LOG.info("Local stack stopped ({} data dir {})", deleteDataDirOnClose ? "deleted" : "kept", config.dataDir());
    }

    private void launchAndAwait(Instant deadline) throws IOException {
        if (config.persistent()) {
            for (KafkaNode node : nodes) {
                ChildProcess.stopStale(layout, node.processName());
            }
            ChildProcess.stopStale(layout, ApicurioRegistry.PROCESS_NAME);
            ChildProcess.stopStale(layout, KeycloakServer.PROCESS_NAME);
        }
        requirePortsFree();
        registryTls = config.registryTls() ? BrokerTls.generate(layout.registryDir().resolve("tls"), "dns:localhost") : null;
        if (config.keycloakDistribution() != null) {
            // The registry reads the provider's keys when it starts, so the provider is up first.
            String clientSecret = KafkaSecurity.randomPassword();
            keycloak = KeycloakServer.start(layout, config.keycloakDistribution(), FreePorts.pick(1).get(0),
                    Map.of(KeycloakServer.API_CLIENT, KafkaSecurity.randomPassword(), REGISTRY_CLIENT, clientSecret), deadline);
            registryAuth = new RegistryAuth(keycloak.url(), REGISTRY_CLIENT, clientSecret);
        }
        registry = ApicurioRegistry.launch(layout, config.registryPort(), config.registryManagementPort(), registryTls,
                registryAuth);
        tls = config.kafkaSecurity() == null ? null : BrokerTls.generate(layout.kafkaDir().resolve("tls"));
        for (KafkaNode node : nodes) {
            brokers.put(node.id(), KafkaBroker.launch(layout, node, nodes, config.kafkaSecurity(), tls, deadline));
        }
        for (KafkaBroker broker : brokers.values()) {
            broker.awaitReady(deadline);
        }
        registry.awaitReady(deadline);
        createTopics(config.topics());
    }

    /** A throwaway stack gets a new, empty dir, so close can delete it without taking anything else with it. */
    private void prepareDataDir() throws IOException {
        Path dataDir = config.dataDir();
        if (!config.persistent() && Files.isDirectory(dataDir)) {
            try (Stream<Path> entries = Files.list(dataDir)) {
                if (entries.findAny().isPresent()) {
                    throw new LocalStackException("The data dir of a throwaway stack must be new or empty, because it is"
                            + " deleted on close: " + dataDir);
                }
            }
        }
        Files.createDirectories(dataDir);
        deleteDataDirOnClose = !config.persistent();
    }

    private void requirePortsFree() {
        List<Integer> ports = new ArrayList<>(List.of(config.registryPort(), config.registryManagementPort()));
        nodes.forEach(n -> ports.addAll(List.of(n.port(), n.controllerPort())));
        for (int port : ports) {
            if (!FreePorts.isFree(port)) {
                throw new LocalStackException("Port " + port + " on 127.0.0.1 is in use (is another stack or a Kafka"
                        + " broker running?). Stop it, or configure other ports.");
            }
        }
    }

    /**
     * The nodes' ports: node 1 on the config's (concrete) ports; with fixed ports node {@code i} on
     * those plus {@code 2(i-1)}; with 0s, free ports.
     */
    private static List<KafkaNode> kafkaNodes(LocalStackConfig asGiven, LocalStackConfig concrete) {
        List<KafkaNode> cluster = new ArrayList<>();
        cluster.add(new KafkaNode(1, concrete.kafkaPort(), concrete.kafkaControllerPort()));
        // Picked apart from the config's ports, so may repeat one of them: drop those.
        List<Integer> taken = List.of(concrete.kafkaPort(), concrete.kafkaControllerPort(), concrete.registryPort(),
                concrete.registryManagementPort());
        List<Integer> free = asGiven.kafkaNodes() == 1 ? List.of() : FreePorts.pick(2 * (asGiven.kafkaNodes() - 1) + 4)
                .stream().filter(p -> !taken.contains(p)).toList();
        for (int i = 1; i < asGiven.kafkaNodes(); i++) {
            int port = asGiven.kafkaPort() == 0 ? free.get(2 * (i - 1)) : asGiven.kafkaPort() + 2 * i;
            int controllerPort = asGiven.kafkaControllerPort() == 0 ? free.get(2 * (i - 1) + 1)
                    : asGiven.kafkaControllerPort() + 2 * i;
            cluster.add(new KafkaNode(i + 1, port, controllerPort));
        }
        return cluster;
    }

    private static LocalStackConfig withConcretePorts(LocalStackConfig config) {
        List<Integer> free = new ArrayList<>(FreePorts.pick(4));
        return config.withPorts(
                config.kafkaPort() == 0 ? free.get(0) : config.kafkaPort(),
                config.kafkaControllerPort() == 0 ? free.get(1) : config.kafkaControllerPort(),
                config.registryPort() == 0 ? free.get(2) : config.registryPort(),
                config.registryManagementPort() == 0 ? free.get(3) : config.registryManagementPort());
    }
}
