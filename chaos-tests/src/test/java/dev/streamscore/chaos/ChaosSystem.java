package dev.streamscore.chaos;

import dev.streamscore.avro.ModelRole;
import dev.streamscore.local.FlinkClusterConfig;
import dev.streamscore.local.FlinkSessionCluster;
import dev.streamscore.local.FreePorts;
import dev.streamscore.local.LocalProcess;
import dev.streamscore.local.LocalStack;
import dev.streamscore.local.LocalStackConfig;
import dev.streamscore.local.StreamScoreApp;
import dev.streamscore.local.TopicSpec;
import dev.streamscore.model.bundle.ModelBundle;
import dev.streamscore.model.training.Trainer;
import dev.streamscore.model.training.TrainingProgress;
import dev.streamscore.model.training.TrainingSpec;
import dev.streamscore.schemas.registry.SchemaRegistryClientConfig;
import dev.streamscore.schemas.registry.SchemaRegistryClients;
import dev.streamscore.scoring.ScoringConfig;
import dev.streamscore.scoring.ScoringJob;
import dev.streamscore.scoring.publish.ModelPublisher;
import dev.streamscore.simulator.SimulatorConfig;
import dev.streamscore.simulator.files.TrainingDataWriter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.core.execution.JobClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole system as separate processes on this machine, as a team would run it: a 3-node KRaft
 * Kafka cluster (replication factor 3, min.insync.replicas 2), the registry, a Flink session
 * cluster (one JobManager, two TaskManagers with two slots each) running the scoring job
 * (exactly-once, parallelism 2, checkpoints every 2 s on local disk) submitted over its REST API,
 * and two drift-stream instances of one application. Every process can be killed with SIGKILL.
 */
final class ChaosSystem implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChaosSystem.class);
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    private static final Pattern TASK_MANAGER_OF_TASK = Pattern.compile("\"taskmanager-id\"\\s*:\\s*\"(tm-\\d+)\"");
    private static final Pattern VERTEX_ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f]{32})\"");

    record Topics(String events, String predictions, String deadLetters, String modelUpdates, String alerts,
                  String baselines, String labels, String labeledPredictions, String driftMetrics, String driftAlerts,
                  String driftDeadLetters) {
        static Topics standard() {
            return new Topics("feature-events", "predictions", "feature-events-dlq", "model-updates", "alerts",
                    "model-baselines", "labels", "labeled-predictions", "drift-metrics", "drift-alerts", "drift-dlq");
        }

        List<TopicSpec> specs() {
            return List.of(TopicSpec.of(events, 2), TopicSpec.of(predictions, 2), TopicSpec.of(deadLetters, 1),
                    TopicSpec.compacted(modelUpdates, 1), TopicSpec.of(alerts, 1), TopicSpec.compacted(baselines, 1),
                    TopicSpec.of(labels, 2), TopicSpec.of(labeledPredictions, 2), TopicSpec.of(driftMetrics, 1),
                    TopicSpec.of(driftAlerts, 1), TopicSpec.of(driftDeadLetters, 1));
        }
    }

    final Topics topics = Topics.standard();
    final LocalStack stack;
    private final Path work;
    private final Path logDir;
    private final ModelBundle model;
    private final Map<String, Integer> driftPorts = new LinkedHashMap<>();
    private final Map<String, LocalProcess> drift = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private FlinkSessionCluster flink;
    private JobClient job;

    private ChaosSystem(LocalStack stack, Path work, Path logDir, ModelBundle model) {
        this.stack = stack;
        this.work = work;
        this.logDir = logDir;
        this.model = model;
    }

    /** Starts every part and returns once the job runs and both drift instances are RUNNING. */
    static ChaosSystem start(Path work) throws Exception {
        Path logDir = Path.of("target", "chaos-logs").toAbsolutePath();
        Files.createDirectories(logDir);
        LocalStack stack = LocalStack.start(LocalStackConfig.forTests().withKafkaCluster()
                .withTopics(Topics.standard().specs()).withStartupTimeout(START_TIMEOUT));
        ChaosSystem system = null;
        try {
            system = new ChaosSystem(stack, work, logDir, train(work.resolve("model")));
            system.publishModel();
            system.startFlink();
            system.submitJob(false);
            system.startDrift("drift-a");
            system.startDrift("drift-b");
            system.awaitDriftRunning("drift-a");
            system.awaitDriftRunning("drift-b");
            return system;
        } catch (Exception | Error e) {
            if (system != null) {
                system.close();
            } else {
                stack.close();
            }
            throw e;
        }
    }

    String bootstrapServers() {
        return stack.bootstrapServers();
    }

    String registryUrl() {
        return stack.registryUrl();
    }

    FlinkSessionCluster flink() {
        return flink;
    }

    /** The TaskManager that runs the scoring job's source subtask 0 (all operators are chained in one slot). */
    String taskManagerRunningTheJob() {
        String jobId = job.getJobID().toHexString();
        String detail = flink.get("/jobs/" + jobId).orElseThrow(() -> new IllegalStateException("No job " + jobId));
        Matcher vertex = VERTEX_ID.matcher(detail);
        while (vertex.find()) {
            String placement = flink.get("/jobs/" + jobId + "/vertices/" + vertex.group(1) + "/taskmanagers").orElse("");
            Matcher tm = TASK_MANAGER_OF_TASK.matcher(placement);
            if (tm.find()) {
                return tm.group(1);
            }
        }
        throw new IllegalStateException("No task of job " + jobId + " is placed yet: " + detail);
    }

    /** True once every vertex of the job is RUNNING. */
    boolean jobRunning() {
        return job != null && flink.get("/jobs/" + job.getJobID().toHexString())
                .map(json -> json.contains("\"state\":\"RUNNING\"") && !json.matches("(?s).*\"status\":\"(CREATED|SCHEDULED|DEPLOYING|INITIALIZING)\".*"))
                .orElse(false);
    }

    void killDrift(String name) {
        drift.get(name).kill();
    }

    void startDrift(String name) {
        int port = driftPorts.computeIfAbsent(name, n -> FreePorts.pick(1).get(0));
        Path dir = work.resolve(name);
        List<String> args = new ArrayList<>(List.of(
                "--bootstrap-servers", bootstrapServers(), "--registry-url", registryUrl(),
                "--application-id", "chaos-drift", "--state-dir", dir.resolve("state").toString(),
                "--http-port", Integer.toString(port),
                "--predictions-topic", topics.predictions(), "--labels-topic", topics.labels(),
                "--model-baselines-topic", topics.baselines(), "--labeled-predictions-topic", topics.labeledPredictions(),
                "--drift-metrics-topic", topics.driftMetrics(), "--alerts-topic", topics.driftAlerts(),
                "--dlq-topic", topics.driftDeadLetters(),
                "--window-size", "10s", "--max-label-delay", "30s",
                // Kafka's default (45 s) leaves a dead instance's tasks unowned for that long, and the
                // rebalance after it stops the survivor too: 113-140 s without output here.
                "--kafka.session.timeout.ms", "10000", "--kafka.heartbeat.interval.ms", "3000"));
        drift.put(name, LocalProcess.start(name, dir, logDir, StreamScoreApp.DRIFT.classpath(), List.of("-Xmx384m"),
                StreamScoreApp.DRIFT.mainClass(), args));
    }

    void awaitDriftRunning(String name) {
        drift.get(name).awaitReady("drift-stream instance " + name, START_TIMEOUT,
                () -> healthy(driftPorts.get(name)));
    }

    /**
     * Submits the scoring job to the session cluster; with {@code restore} from the newest retained
     * checkpoint, as an operator would after losing the whole cluster.
     */
    void submitJob(boolean restore) throws Exception {
        List<String> args = new ArrayList<>(List.of(
                "--bootstrap-servers", bootstrapServers(), "--registry-url", registryUrl(),
                "--input-topic", topics.events(), "--predictions-topic", topics.predictions(),
                "--dead-letter-topic", topics.deadLetters(), "--model-updates-topic", topics.modelUpdates(),
                "--alerts-topic", topics.alerts(), "--group-id", "chaos-scoring",
                "--model-dir", model.directory().toString(),
                "--delivery-guarantee", "exactly-once", "--checkpoint-interval-ms", "2000",
                "--checkpoint-dir", work.resolve("checkpoints").toString(),
                "--parallelism", "2", "--jobmanager", flink.restAddress()));
        if (restore) {
            args.addAll(List.of("--restore-from", "latest"));
        }
        job = ScoringJob.start(ScoringConfig.from(args.toArray(String[]::new), Map.of()));
        LOG.info("Scoring job {} submitted to {}", job.getJobID(), flink.restAddress());
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!jobRunning()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The scoring job did not reach RUNNING: " + flink.get("/jobs/overview"));
            }
            Thread.sleep(500);
        }
    }

    /** SIGKILL of every process at once: Flink, both drift instances, every Kafka node and the registry. */
    void killEverything() {
        flink.killAll();
        drift.values().forEach(LocalProcess::kill);
        for (int node : stack.kafkaNodeIds()) {
            stack.killKafkaNode(node);
        }
        stack.killRegistry();
    }

    /** Starts everything again on the same disks: brokers, registry, a new Flink cluster restoring the job, drift. */
    void restartEverything() throws Exception {
        stack.restartKafkaNodes(stack.kafkaNodeIds().stream().mapToInt(Integer::intValue).toArray());
        stack.restartRegistry();
        startFlink();
        submitJob(true);
        for (String name : List.copyOf(drift.keySet())) {
            startDrift(name);
        }
        for (String name : List.copyOf(drift.keySet())) {
            awaitDriftRunning(name);
        }
    }

    private void startFlink() {
        flink = FlinkSessionCluster.start(FlinkClusterConfig.forTests(StreamScoreApp.SCORING_JOB.classpath()));
    }

    private void publishModel() {
        Properties kafka = new Properties();
        kafka.put("bootstrap.servers", bootstrapServers());
        ModelPublisher.publish(model, ModelRole.CHAMPION, 1.0, false, null, "chaos-test", kafka,
                SchemaRegistryClients.create(Map.of(SchemaRegistryClientConfig.URL, registryUrl())),
                topics.modelUpdates(), topics.baselines());
    }

    private static ModelBundle train(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path csv = dir.resolve("train.csv");
        new TrainingDataWriter(SimulatorConfig.defaults().withSeed(11)).writeCsv(csv, 5_000);
        return Trainer.train(TrainingSpec.demo(), csv, "1", 11, 3, dir.resolve("fraud-1"), TrainingProgress.NONE);
    }

    private boolean healthy(int port) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        drift.values().forEach(LocalProcess::close);
        if (job != null) {
            try {
                job.cancel().get();
            } catch (Exception e) {
                LOG.info("Cancelling the scoring job: {}", e.toString());
            }
        }
        if (flink != null) {
            flink.close();
        }
        stack.close();
    }
}
