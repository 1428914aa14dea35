package dev.streamscore.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Flink session cluster as separate processes on 127.0.0.1: one JobManager
 * ({@code StandaloneSessionClusterEntrypoint}) and N TaskManagers ({@code TaskManagerRunner}),
 * each a child JVM under {@link ParentWatchdog}, started from the Flink jars on the classpath the
 * caller gives (flink-runtime holds both entry points; flink-dist is not needed). Jobs are
 * submitted to its REST API ({@link #restAddress()}), as with any Flink cluster; the caller's
 * classpath also holds the job's classes, as the {@code lib/} folder of a Flink distribution would.
 *
 * <p>Files: {@code <dataDir>/conf/config.yaml} and {@code log4j2.properties},
 * {@code <logDir>/flink-jobmanager.log}, {@code flink-taskmanager-<i>.log}, PID files under
 * {@code <dataDir>/pids}, Flink's temp files under {@code <dataDir>/tmp}. A TaskManager's
 * resource id is {@code tm-<i>}, so the REST API's task placement names the process.
 *
 * <p>Failure detection is tuned for a machine where everything is local: heartbeats every second,
 * a peer is declared dead after 5 s without one (Flink's defaults are 10 s and 50 s). Override
 * with {@link FlinkClusterConfig#settings()}.
 */
public final class FlinkSessionCluster implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FlinkSessionCluster.class);
    private static final String JOB_MANAGER_MAIN = "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
    private static final String TASK_MANAGER_MAIN = "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";
    private static final Pattern TASK_MANAGER_ID = Pattern.compile("\"id\"\\s*:\\s*\"(tm-\\d+)\"");
    private static final String LOG4J2_PROPERTIES = """
            # Written by StreamScore's local Flink cluster: INFO to the console, which goes to the process's log file.
            status = warn
            rootLogger.level = INFO
            rootLogger.appenderRef.console.ref = console
            appender.console.type = Console
            appender.console.name = console
            appender.console.layout.type = PatternLayout
            appender.console.layout.pattern = %d{HH:mm:ss,SSS} %-5p %c{1} [%t] - %m%n
            logger.kafka.name = org.apache.kafka
            logger.kafka.level = WARN
            """;

    private final FlinkClusterConfig config;
    private final StackLayout layout;
    private final Path confDir;
    private final int restPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Thread shutdownHook = new Thread(this::close, "flink-cluster-shutdown");
    private ChildProcess jobManager;
    private final Map<String, ChildProcess> taskManagers = new TreeMap<>();
    private boolean closed;

    private FlinkSessionCluster(FlinkClusterConfig config, int restPort) {
        this.config = config;
        this.layout = new StackLayout(config.dataDir(), config.logDir());
        this.confDir = config.dataDir().resolve("conf");
        this.restPort = restPort;
    }

    /** Starts the JobManager and the TaskManagers and returns once every TaskManager has registered. */
    public static FlinkSessionCluster start(FlinkClusterConfig config) {
        long started = System.nanoTime();
        List<Integer> ports = FreePorts.pick(2);
        FlinkSessionCluster cluster = new FlinkSessionCluster(config, config.restPort() == 0 ? ports.get(0) : config.restPort());
        Runtime.getRuntime().addShutdownHook(cluster.shutdownHook);
        try {
            cluster.writeConfig(ports.get(1));
            cluster.jobManager = ChildProcess.start(cluster.command("flink-jobmanager", JOB_MANAGER_MAIN,
                    config.jobManagerHeap(), List.of(), List.of()), cluster.layout);
            for (int i = 1; i <= config.taskManagers(); i++) {
                cluster.launchTaskManager("tm-" + i);
            }
            Instant deadline = Instant.now().plus(config.startupTimeout());
            cluster.jobManager.awaitReady("The Flink JobManager (REST " + cluster.restAddress() + ")", deadline,
                    () -> cluster.get("/overview").isPresent());
            cluster.awaitTaskManagers(config.taskManagers(), deadline);
        } catch (IOException e) {
            cluster.close();
            throw new LocalStackException("Cannot start the Flink cluster in " + config.dataDir() + ": " + e, e);
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        LOG.info("Flink session cluster ready in {} ms: REST {}, task managers {}, logs in {}",
                Duration.ofNanos(System.nanoTime() - started).toMillis(), cluster.restAddress(),
                cluster.taskManagers.keySet(), config.logDir());
        return cluster;
    }

    /** {@code 127.0.0.1:<rest port>}: where jobs are submitted, and where {@code flink run -m} would point. */
    public String restAddress() {
        return "127.0.0.1:" + restPort;
    }

    public int restPort() {
        return restPort;
    }

    /** The TaskManagers' resource ids, {@code tm-1} ... {@code tm-N}. */
    public List<String> taskManagerIds() {
        return List.copyOf(taskManagers.keySet());
    }

    public long taskManagerPid(String id) {
        return taskManager(id).pid();
    }

    public long jobManagerPid() {
        return jobManager.pid();
    }

    /** SIGKILL of a TaskManager, as a machine or container loss. */
    public synchronized void killTaskManager(String id) {
        taskManager(id).kill();
    }

    /**
     * SIGKILL of every process of the cluster at once, as a power loss; the cluster is then closed.
     * Checkpoints on disk survive, so a new cluster can restore the job from them.
     */
    public synchronized void killAll() {
        List<ChildProcess> all = new ArrayList<>(taskManagers.values());
        all.add(jobManager);
        all.forEach(ChildProcess::kill);
        close();
    }

    /** Starts a killed TaskManager again under the same id and returns once it has registered. */
    public synchronized void restartTaskManager(String id) {
        restartTaskManagers(List.of(id));
    }

    /** Starts killed TaskManagers again under their ids and returns once every TaskManager has registered. */
    public synchronized void restartTaskManagers(Collection<String> ids) {
        for (String id : ids) {
            if (taskManager(id).isAlive()) {
                throw new IllegalStateException("Task manager " + id + " is still running");
            }
        }
        for (String id : ids) {
            try {
                launchTaskManager(id);
            } catch (IOException e) {
                throw new LocalStackException("Cannot restart task manager " + id + ": " + e, e);
            }
        }
        awaitTaskManagers(taskManagers.size(), Instant.now().plus(config.startupTimeout()));
    }

    /** The JSON answer of a GET on the REST API (e.g. {@code /jobs/overview}), or empty if it does not answer 200. */
    public Optional<String> get(String path) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://" + restAddress() + path))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? Optional.of(response.body()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Stops every process (SIGTERM to all, then SIGKILL after 15 s). Idempotent; also a shutdown hook. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<ChildProcess> all = new ArrayList<>(taskManagers.values());
        if (jobManager != null) {
            all.add(jobManager);
        }
        all.forEach(ChildProcess::requestStop);
        all.forEach(ChildProcess::stop);
        if (Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // Already shutting down.
            }
        }
        LOG.info("Flink session cluster stopped");
    }

    private ChildProcess taskManager(String id) {
        ChildProcess process = taskManagers.get(id);
        if (process == null) {
            throw new IllegalArgumentException("No task manager " + id + "; there are " + taskManagers.keySet());
        }
        return process;
    }

    private void launchTaskManager(String id) throws IOException {
        // The JVM's own limits match the Flink memory model written in config.yaml (FlinkClusterConfig#settings()).
        ChildProcess process = ChildProcess.start(command("flink-taskmanager-" + id.substring(3), TASK_MANAGER_MAIN,
                config.taskManagerHeap(), List.of("-XX:MaxDirectMemorySize=" + FlinkClusterConfig.TASK_MANAGER_DIRECT,
                        "-XX:MaxMetaspaceSize=" + FlinkClusterConfig.TASK_MANAGER_METASPACE),
                List.of("-Dtaskmanager.resource-id=" + id)), layout);
        taskManagers.put(id, process);
    }

    private JvmCommand command(String name, String mainClass, String heap, List<String> extraJvmOptions,
                               List<String> extraArgs) {
        List<String> jvm = new ArrayList<>(List.of("-Xms" + heap, "-Xmx" + heap,
                "-Dlog4j2.configurationFile=" + confDir.resolve("log4j2.properties").toAbsolutePath()));
        jvm.addAll(config.jvmOptions());
        jvm.addAll(extraJvmOptions);
        List<String> args = new ArrayList<>(List.of("--configDir", confDir.toAbsolutePath().toString()));
        args.addAll(extraArgs);
        return new JvmCommand(name, config.dataDir(), config.classpath(), jvm, mainClass, args);
    }

    private void writeConfig(int rpcPort) throws IOException {
        Files.createDirectories(confDir);
        Map<String, String> settings = new LinkedHashMap<>(FlinkClusterConfig.defaults());
        settings.put("jobmanager.rpc.port", Integer.toString(rpcPort));
        settings.put("rest.port", Integer.toString(restPort));
        settings.put("taskmanager.numberOfTaskSlots", Integer.toString(config.slotsPerTaskManager()));
        settings.put("io.tmp.dirs", config.dataDir().resolve("tmp").toAbsolutePath().toString());
        settings.putAll(config.settings());
        Files.createDirectories(config.dataDir().resolve("tmp"));
        StringBuilder yaml = new StringBuilder("# Written by StreamScore's local Flink cluster on every start.\n");
        settings.forEach((key, value) -> yaml.append(key).append(": ").append(value).append('\n'));
        Files.writeString(confDir.resolve("config.yaml"), yaml.toString(), StandardCharsets.UTF_8);
        Files.writeString(confDir.resolve("log4j2.properties"), LOG4J2_PROPERTIES, StandardCharsets.UTF_8);
    }

    private void awaitTaskManagers(int expected, Instant deadline) {
        jobManager.awaitReady("The Flink JobManager with " + expected + " registered task managers", deadline,
                () -> registeredTaskManagers() >= expected && taskManagers.values().stream().allMatch(ChildProcess::isAlive));
    }

    private long registeredTaskManagers() {
        return get("/taskmanagers").map(json -> {
            Matcher m = TASK_MANAGER_ID.matcher(json);
            long count = 0;
            while (m.find()) {
                if (taskManagers.containsKey(m.group(1)) && taskManagers.get(m.group(1)).isAlive()) {
                    count++;
                }
            }
            return count;
        }).orElse(0L);
    }
}
