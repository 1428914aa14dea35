package dev.streamscore.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker (KRaft) and a real Apicurio Registry (Confluent-compatible API),
 * each a child JVM listening on 127.0.0.1 only, plus the topics the config lists.
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

    private final LocalStackConfig config;
    private final StackLayout layout;
    private final Thread shutdownHook;
    private KafkaBroker broker;
    private ApicurioRegistry registry;
    private volatile boolean closed;
    /** Set once a throwaway data dir has been checked to be ours, so close never deletes someone else's files. */
    private boolean deleteDataDirOnClose;

    private LocalStack(LocalStackConfig config) {
        this.config = config;
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
        LocalStack stack = new LocalStack(withConcretePorts(config));
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

    /** {@code 127.0.0.1:<kafkaPort>}, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return broker.bootstrapServers();
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
        return broker.clientProperties(user);
    }

    /** {@code ssl.truststore.*} that trust the secured broker's certificate; empty for a PLAINTEXT broker. */
    public Map<String, String> trustProperties() {
        return broker.trustProperties();
    }

    /** The Confluent-compatible registry base URL, {@code http://127.0.0.1:<port>/apis/ccompat/v7}. */
    public String registryUrl() {
        return registry.url();
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

    /** PIDs of the broker and the registry JVMs, in that order. */
    public List<Long> childPids() {
        return List.of(broker.process().pid(), registry.process().pid());
    }

    /** True until {@link #close} and while both child processes are alive. */
    public boolean isRunning() {
        return !closed && broker.process().isAlive() && registry.process().isAlive();
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
        if (broker != null) {
            broker.stop();
        }
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
            ChildProcess.stopStale(layout, KafkaBroker.PROCESS_NAME);
            ChildProcess.stopStale(layout, ApicurioRegistry.PROCESS_NAME);
        }
        requirePortsFree();
        registry = ApicurioRegistry.launch(layout, config.registryPort(), config.registryManagementPort(),
                config.persistent());
        broker = KafkaBroker.launch(layout, config.kafkaPort(), config.kafkaControllerPort(), config.kafkaSecurity(),
                deadline);
        broker.awaitReady(deadline);
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
        for (int port : List.of(config.kafkaPort(), config.kafkaControllerPort(), config.registryPort(),
                config.registryManagementPort())) {
            if (!FreePorts.isFree(port)) {
                throw new LocalStackException("Port " + port + " on 127.0.0.1 is in use (is another stack or a Kafka"
                        + " broker running?). Stop it, or configure other ports.");
            }
        }
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
