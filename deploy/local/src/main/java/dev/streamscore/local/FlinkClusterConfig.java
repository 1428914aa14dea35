package dev.streamscore.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * What a {@link FlinkSessionCluster} runs with.
 *
 * @param dataDir             the cluster's config, temp files and PID files
 * @param logDir              one log file per process
 * @param classpath           Flink (flink-runtime, flink-clients, ...), a log4j2 binding, and the jobs' own classes
 * @param taskManagers        how many TaskManager processes
 * @param slotsPerTaskManager task slots in each
 * @param restPort            the JobManager's REST port; 0 picks a free one
 * @param settings            Flink settings written to {@code config.yaml} over {@link #defaults()}
 * @param jvmOptions          extra options for every process, e.g. {@code -Dorg.bytedeco.javacpp.cachedir=...}
 * @param startupTimeout      how long the cluster may take to have every TaskManager registered
 */
public record FlinkClusterConfig(Path dataDir, Path logDir, String classpath, int taskManagers, int slotsPerTaskManager,
                                 int restPort, Map<String, String> settings, List<String> jvmOptions,
                                 Duration startupTimeout) {
    /** 8081, Flink's usual REST port, is the registry's here (Confluent's usual port). */
    public static final int DEFAULT_REST_PORT = 8082;
    static final String TASK_MANAGER_DIRECT = "192m";
    static final String TASK_MANAGER_METASPACE = "256m";

    public FlinkClusterConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        dataDir = dataDir.toAbsolutePath().normalize();
        logDir = (logDir == null ? dataDir.resolve("logs") : logDir).toAbsolutePath().normalize();
        Objects.requireNonNull(classpath, "classpath");
        if (taskManagers < 1 || slotsPerTaskManager < 1) {
            throw new IllegalArgumentException("taskManagers and slotsPerTaskManager must be at least 1");
        }
        settings = Map.copyOf(settings);
        jvmOptions = List.copyOf(jvmOptions);
    }

    /**
     * A throwaway cluster for tests: a new dir under {@code java.io.tmpdir}, logs under
     * {@code target/local-stack-logs/} when run from a Maven module, two TaskManagers with two
     * slots each, a free REST port.
     */
    public static FlinkClusterConfig forTests(String classpath) {
        String id = UUID.randomUUID().toString().substring(0, 8);
        Path dataDir = Path.of(System.getProperty("java.io.tmpdir"), "streamscore-flink-" + id);
        Path target = Path.of("target");
        Path logDir = Files.isDirectory(target) ? target.resolve("local-stack-logs").resolve("flink-" + id) : null;
        return new FlinkClusterConfig(dataDir, logDir, classpath, 2, 2, 0, Map.of(), List.of(), Duration.ofSeconds(120));
    }

    /**
     * A long-running cluster for {@code streamscore stack up --cluster}: REST on the well-known
     * {@link #DEFAULT_REST_PORT}, files in {@code dataDir}, two TaskManagers with two slots each.
     */
    public static FlinkClusterConfig persistent(Path dataDir, String classpath) {
        return new FlinkClusterConfig(dataDir, null, classpath, 2, 2, DEFAULT_REST_PORT, Map.of(), List.of(),
                Duration.ofSeconds(120));
    }

    public FlinkClusterConfig withSettings(Map<String, String> newSettings) {
        return new FlinkClusterConfig(dataDir, logDir, classpath, taskManagers, slotsPerTaskManager, restPort, newSettings,
                jvmOptions, startupTimeout);
    }

    public FlinkClusterConfig withJvmOptions(List<String> newOptions) {
        return new FlinkClusterConfig(dataDir, logDir, classpath, taskManagers, slotsPerTaskManager, restPort, settings,
                newOptions, startupTimeout);
    }

    String jobManagerHeap() {
        return "512m";
    }

    /** Framework heap + task heap of {@link #defaults()}. */
    String taskManagerHeap() {
        return "640m";
    }

    /**
     * Loopback addresses, fast failure detection, and a TaskManager memory model spelled out in full:
     * Flink's start scripts compute it from {@code taskmanager.memory.process.size}, but here the
     * TaskManager JVM is started directly, and {@code TaskManagerRunner} then insists on every part.
     * About 1.2 GB per TaskManager process, of which 640 MB heap; the TensorFlow native library and
     * models come on top (about 300 MB, outside Flink's accounting).
     */
    public static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("jobmanager.rpc.address", "127.0.0.1");
        d.put("jobmanager.bind-host", "127.0.0.1");
        d.put("rest.address", "127.0.0.1");
        d.put("rest.bind-address", "127.0.0.1");
        d.put("taskmanager.host", "127.0.0.1");
        d.put("taskmanager.bind-host", "127.0.0.1");
        d.put("blob.server.port", "0");
        // Tasks on every TaskManager, so each has TensorFlow's native library loaded and a failover
        // does not wait for a cold one to load it (about 30 s on a loaded 2-core machine).
        d.put("taskmanager.load-balance.mode", "SLOTS");
        d.put("heartbeat.interval", "1000");
        d.put("heartbeat.timeout", "5000");
        d.put("jobmanager.memory.process.size", "768m");
        d.put("taskmanager.cpu.cores", "2");
        d.put("taskmanager.memory.framework.heap.size", "128m");
        d.put("taskmanager.memory.task.heap.size", "512m");
        d.put("taskmanager.memory.framework.off-heap.size", "128m");
        d.put("taskmanager.memory.task.off-heap.size", "0m");
        d.put("taskmanager.memory.network.min", "64m");
        d.put("taskmanager.memory.network.max", "64m");
        d.put("taskmanager.memory.managed.size", "64m");
        d.put("taskmanager.memory.jvm-metaspace.size", TASK_MANAGER_METASPACE);
        d.put("taskmanager.memory.jvm-overhead.min", "192m");
        d.put("taskmanager.memory.jvm-overhead.max", "192m");
        return d;
    }
}
