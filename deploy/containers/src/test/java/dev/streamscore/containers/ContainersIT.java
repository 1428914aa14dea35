package dev.streamscore.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.streamscore.avro.Alert;
import dev.streamscore.avro.AlertState;
import dev.streamscore.avro.ModelRole;
import dev.streamscore.avro.Prediction;
import dev.streamscore.model.bundle.ModelBundle;
import dev.streamscore.model.training.Trainer;
import dev.streamscore.model.training.TrainingSpec;
import dev.streamscore.schemas.registry.SchemaRegistryClient;
import dev.streamscore.schemas.registry.SchemaRegistryClientConfig;
import dev.streamscore.schemas.registry.SchemaRegistryClients;
import dev.streamscore.schemas.serde.SpecificAvroSerde;
import dev.streamscore.scoring.publish.ModelPublisher;
import dev.streamscore.simulator.ScenarioSchedule;
import dev.streamscore.simulator.SimulatorConfig;
import dev.streamscore.simulator.files.TrainingDataWriter;
import dev.streamscore.simulator.live.LiveStreamConfig;
import dev.streamscore.simulator.live.LiveStreamProducer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.output.Slf4jLogConsumer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * The images end to end, as a user would run them: Kafka, Apicurio Registry, the scoring job as a
 * Flink application cluster (a standalone-job JobManager and a TaskManager) and drift-stream, all
 * in containers on one network, configured only by STREAMSCORE_* variables (as deploy/compose and
 * deploy/k8s do). A model trained here with TensorFlow Java is published; simulated transactions
 * with a covariate shift flow in; predictions and a data-drift alert must come out, and both
 * Prometheus endpoints must serve the scoring and drift metrics; the lifecycle app starts and follows
 * the alerts (its retraining is tested in the lifecycle module). Containers are reached only
 * through their localhost-mapped ports.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContainersIT {
    private static final Logger LOG = LoggerFactory.getLogger(ContainersIT.class);
    private static final String CCOMPAT = "/apis/ccompat/v7";
    private static final String KAFKA_IN_NETWORK = "kafka:19092";
    private static final String REGISTRY_IN_NETWORK = "http://registry:8080" + CCOMPAT;
    private static final String MODEL_DIR_IN_CONTAINER = "/models/fraud-1";

    private final Network network = Network.newNetwork();
    private KafkaContainer kafka;
    private GenericContainer<?> registry;
    private GenericContainer<?> jobManager;
    private GenericContainer<?> taskManager;
    private GenericContainer<?> drift;
    private GenericContainer<?> lifecycle;
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path work;

    @BeforeAll
    void startInfrastructure() {
        kafka = new KafkaContainer(DockerImageName.parse(Images.base("kafka")).asCompatibleSubstituteFor("apache/kafka"))
                .withNetwork(network)
                .withListener(KAFKA_IN_NETWORK)
                .withStartupTimeout(Duration.ofMinutes(3));
        registry = new GenericContainer<>(DockerImageName.parse(Images.base("registry")))
                .withNetwork(network)
                .withNetworkAliases("registry")
                .withExposedPorts(8080)
                .waitingFor(Wait.forHttp(CCOMPAT + "/subjects").forStatusCode(200).withStartupTimeout(Duration.ofMinutes(3)));
        kafka.start();
        registry.start();
    }

    @AfterAll
    void stopAll() {
        for (GenericContainer<?> c : new GenericContainer<?>[] {lifecycle, drift, taskManager, jobManager, registry, kafka}) {
            if (c != null) {
                c.stop();
            }
        }
        network.close();
    }

    @Test
    void scoresEventsRaisesADriftAlertAndServesPrometheusMetrics() throws Exception {
        String scoringImage = Images.buildScoring();
        String driftImage = Images.buildDrift();
        String lifecycleImage = Images.buildLifecycle();
        createTopics();
        ModelBundle model = trainModel();

        jobManager = new GenericContainer<>(scoringImage)
                .withNetwork(network)
                .withNetworkAliases("jobmanager")
                .withCommand("standalone-job", "--job-classname", "dev.streamscore.scoring.ScoringJob")
                .withEnv("FLINK_PROPERTIES", "jobmanager.rpc.address: jobmanager")
                .withEnv("STREAMSCORE_BOOTSTRAP_SERVERS", KAFKA_IN_NETWORK)
                .withEnv("STREAMSCORE_REGISTRY_URL", REGISTRY_IN_NETWORK)
                .withEnv("STREAMSCORE_STARTING_OFFSETS", "earliest")
                .withEnv("STREAMSCORE_CHECKPOINT_DIR", "/opt/flink/checkpoints")
                .withExposedPorts(8081, 9249)
                .withLogConsumer(new Slf4jLogConsumer(LoggerFactory.getLogger("jobmanager")))
                .waitingFor(Wait.forHttp("/jobs/overview").forPort(8081).forStatusCode(200)
                        .withStartupTimeout(Duration.ofMinutes(3)));
        taskManager = new GenericContainer<>(scoringImage)
                .withNetwork(network)
                .withCommand("taskmanager")
                .withEnv("FLINK_PROPERTIES", "jobmanager.rpc.address: jobmanager\ntaskmanager.memory.process.size: 1600m")
                // The model bundle where the published update says it is (a volume every TaskManager mounts, in production).
                .withCopyFileToContainer(MountableFile.forHostPath(model.directory()), MODEL_DIR_IN_CONTAINER)
                .withExposedPorts(9249)
                .withLogConsumer(new Slf4jLogConsumer(LoggerFactory.getLogger("taskmanager")))
                .waitingFor(Wait.forHttp("/metrics").forPort(9249).forStatusCode(200)
                        .withStartupTimeout(Duration.ofMinutes(3)));
        drift = new GenericContainer<>(driftImage)
                .withNetwork(network)
                .withNetworkAliases("drift-stream")
                .withEnv("STREAMSCORE_BOOTSTRAP_SERVERS", KAFKA_IN_NETWORK)
                .withEnv("STREAMSCORE_REGISTRY_URL", REGISTRY_IN_NETWORK)
                .withEnv("STREAMSCORE_WINDOW_SIZE", "10s")
                .withEnv("STREAMSCORE_MAX_LABEL_DELAY", "1m")
                .withExposedPorts(8091)
                .withLogConsumer(new Slf4jLogConsumer(LoggerFactory.getLogger("drift-stream")))
                .waitingFor(Wait.forHttp("/health").forPort(8091).forStatusCode(200)
                        .withStartupTimeout(Duration.ofMinutes(3)));
        // The lifecycle app: up once it has read model-events and drift-metrics and follows alerts.
        lifecycle = new GenericContainer<>(lifecycleImage)
                .withNetwork(network)
                .withEnv("STREAMSCORE_BOOTSTRAP_SERVERS", KAFKA_IN_NETWORK)
                .withEnv("STREAMSCORE_REGISTRY_URL", REGISTRY_IN_NETWORK)
                .withLogConsumer(new Slf4jLogConsumer(LoggerFactory.getLogger("lifecycle")))
                .waitingFor(Wait.forLogMessage(".*Watching alerts for FIRING.*", 1)
                        .withStartupTimeout(Duration.ofMinutes(2)));
        jobManager.start();
        taskManager.start();
        drift.start();
        lifecycle.start();

        publish(model);
        List<Prediction> predictions = new CopyOnWriteArrayList<>();
        List<Alert> alerts = new CopyOnWriteArrayList<>();
        try (Tail<Prediction> p = new Tail<>("predictions", Prediction.class, predictions);
                Tail<Alert> a = new Tail<>("alerts", Alert.class, alerts);
                LiveStreamProducer producer = producer()) {
            Thread producing = new Thread(producer::run, "containers-it-producer");
            producing.setDaemon(true);
            producing.start();

            await("predictions from the scoring containers").atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(2))
                    .untilAsserted(() -> assertThat(predictions).hasSizeGreaterThan(100));
            Prediction first = predictions.get(0);
            assertThat(first.getModelName()).isEqualTo(model.card().name());
            assertThat(first.getModelVersion()).isEqualTo(model.card().version());

            await("a data-drift alert from the drift-stream container").atMost(Duration.ofMinutes(6))
                    .pollInterval(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(alerts).anyMatch(alert -> alert.getState() == AlertState.FIRING
                            && alert.getKind().equals("data_drift")
                            && alert.getModelName().equals(model.card().name())));
            LOG.info("Alerts: {}", alerts.stream().map(x -> x.getKind() + "/" + x.getMetric() + "/" + x.getFeature()).toList());

            String taskManagerMetrics = get(taskManager, 9249, "/metrics");
            assertThat(taskManagerMetrics)
                    .contains("flink_taskmanager_job_task_operator_streamscore_predictionsOut")
                    .contains("flink_taskmanager_job_task_operator_streamscore_eventsIn")
                    .contains("flink_taskmanager_job_task_operator_streamscore_scoringLatencyMicros");
            await("drift gauges and alert counters on drift-stream's /metrics").atMost(Duration.ofMinutes(1))
                    .untilAsserted(() -> assertThat(get(drift, 8091, "/metrics"))
                            .contains("kafka_stream_thread_process_total")
                            .contains("streamscore_drift_metric_value{")
                            .contains("streamscore_drift_alerts_total{"));
            assertThat(lifecycle.isRunning()).as("the lifecycle container follows the alerts").isTrue();
        }
    }

    private void createTopics() throws Exception {
        Map<String, String> compacted = Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.getBootstrapServers()))) {
            admin.createTopics(List.of(
                    new NewTopic("feature-events", 2, (short) 1),
                    new NewTopic("feature-events-dlq", 1, (short) 1),
                    new NewTopic("predictions", 2, (short) 1),
                    new NewTopic("labels", 2, (short) 1),
                    new NewTopic("labeled-predictions", 2, (short) 1),
                    new NewTopic("drift-metrics", 1, (short) 1),
                    new NewTopic("alerts", 1, (short) 1),
                    new NewTopic("drift-dlq", 1, (short) 1),
                    new NewTopic("model-events", 1, (short) 1),
                    new NewTopic("model-updates", 1, (short) 1).configs(compacted),
                    new NewTopic("model-baselines", 1, (short) 1).configs(compacted))).all().get();
        }
    }

    /** The demo model, trained here with TensorFlow Java on simulated transactions. */
    private ModelBundle trainModel() throws Exception {
        Path data = work.resolve("train.csv");
        new TrainingDataWriter(SimulatorConfig.defaults().withSeed(42)).writeCsv(data, 6_000);
        ModelBundle bundle = Trainer.train(TrainingSpec.demo(), data, "1", 42, null, work.resolve("fraud-1"),
                (epoch, epochs, loss) -> { });
        assertThat(Files.isDirectory(bundle.directory())).isTrue();
        return bundle;
    }

    private void publish(ModelBundle model) {
        Properties props = kafkaProperties();
        try (SchemaRegistryClient client = SchemaRegistryClients.create(Map.of(SchemaRegistryClientConfig.URL, registryUrl()))) {
            ModelPublisher.publish(model, ModelRole.CHAMPION, 1.0, false, "file://" + MODEL_DIR_IN_CONTAINER, "containers-it",
                    props, client, "model-updates", "model-baselines");
        }
    }

    private LiveStreamProducer producer() {
        SimulatorConfig simulation = SimulatorConfig.defaults()
                .withSeed(7)
                .withEventsPerSecond(150)
                .withStartTime(Instant.now())
                .withSchedule(ScenarioSchedule.parse("stationary,covariate_shift@30s"))
                .withLabelDelayMedian(Duration.ofSeconds(3));
        return new LiveStreamProducer(simulation, LiveStreamConfig.defaults().withRegistryUrl(registryUrl())
                .withMaxDuration(Duration.ofMinutes(8)), kafkaProperties());
    }

    private Properties kafkaProperties() {
        Properties props = new Properties();
        props.put("bootstrap.servers", kafka.getBootstrapServers());
        return props;
    }

    private String registryUrl() {
        return "http://" + registry.getHost() + ":" + registry.getMappedPort(8080) + CCOMPAT;
    }

    private String get(GenericContainer<?> container, int port, String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(
                "http://" + container.getHost() + ":" + container.getMappedPort(port) + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET " + path).isEqualTo(200);
        return response.body();
    }

    /** Reads a topic from the beginning on a background thread into a list. */
    private final class Tail<T extends org.apache.avro.specific.SpecificRecord> implements AutoCloseable {
        private final Thread thread;
        private volatile boolean running = true;

        Tail(String topic, Class<T> type, List<T> into) {
            Properties props = kafkaProperties();
            props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            props.put(ConsumerConfig.GROUP_ID_CONFIG, "containers-it-" + topic);
            SchemaRegistryClient client = SchemaRegistryClients.create(Map.of(SchemaRegistryClientConfig.URL, registryUrl()));
            SpecificAvroSerde<T> serde = new SpecificAvroSerde<>(client, type);
            serde.configure(Map.of(SchemaRegistryClientConfig.URL, registryUrl()), false);
            KafkaConsumer<String, T> consumer = new KafkaConsumer<>(props, new StringDeserializer(), serde.deserializer());
            consumer.subscribe(List.of(topic));
            thread = new Thread(() -> {
                try (consumer; client) {
                    while (running) {
                        for (ConsumerRecord<String, T> r : consumer.poll(Duration.ofMillis(500))) {
                            into.add(r.value());
                        }
                    }
                }
            }, "tail-" + topic);
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join(10_000);
        }
    }
}
