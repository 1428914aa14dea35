package dev.streamscore.drift;

import dev.streamscore.config.SettingsSpec;
import dev.streamscore.drift.dashboard.Dashboard;
import dev.streamscore.drift.dashboard.ModelEventsLog;
import dev.streamscore.drift.http.DriftHttpServer;
import dev.streamscore.drift.observability.DriftObservability;
import dev.streamscore.drift.query.DriftQueries;
import dev.streamscore.drift.query.PeerClient;
import dev.streamscore.drift.query.QueryResult;
import dev.streamscore.drift.watermark.InputPartitions;
import dev.streamscore.schemas.registry.SchemaRegistryClient;
import dev.streamscore.schemas.registry.SchemaRegistryClients;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs drift-stream: parses the configuration, builds {@link DriftTopology}, owns the
 * {@link KafkaStreams} instance (state listener, uncaught-exception handler that replaces a failed
 * stream thread, shutdown hook) and the HTTP endpoint (health and the interactive queries of
 * {@link DriftQueries}, this instance's HTTP address advertised as {@code application.server}). Undecodable and invalid input records go
 * to the dead-letter topic through Kafka Streams' own dead-letter queue (see
 * {@link DriftConfig#streamsProperties()}). Exits with 2 on invalid configuration.
 */
public final class DriftApp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DriftApp.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    /** How long the app waits at start for its input topics to exist (created by the stack, an operator, a script). */
    private static final Duration INPUT_TOPICS_WAIT = Duration.ofMinutes(2);

    private final KafkaStreams streams;
    private final DriftHttpServer http;
    private final SchemaRegistryClient registry;
    private final DriftObservability observability;
    private final ModelEventsLog dashboard;

    private DriftApp(KafkaStreams streams, DriftHttpServer http, SchemaRegistryClient registry,
            DriftObservability observability, ModelEventsLog dashboard) {
        this.observability = observability;
        this.dashboard = dashboard;
        this.streams = streams;
        this.http = http;
        this.registry = registry;
    }

    public static void main(String[] args) {
        if (SettingsSpec.wantsHelp(args)) {
            System.out.print(DriftFlags.SPEC.help());
            return;
        }
        DriftConfig config;
        try {
            config = DriftConfig.from(args, System.getenv());
        } catch (IllegalArgumentException | UncheckedIOException e) {
            LOG.error("Invalid configuration: {}", e.getMessage());
            System.exit(2);
            return;
        }
        DriftApp app;
        try {
            app = start(config);
        } catch (IllegalStateException e) {
            // Unreachable broker, refused credentials or ACLs, missing topics: the reason, not a stack trace.
            LOG.error("drift-stream cannot start: {}", e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            stopped.countDown();
        }, "drift-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Builds and starts the app; {@link #close()} stops it. */
    public static DriftApp start(DriftConfig config) {
        SchemaRegistryClient registry = SchemaRegistryClients.create(config.registryProperties());
        DriftSerdes serdes = DriftSerdes.create(registry, config.registryProperties());
        InputPartitions partitions;
        try {
            partitions = InputTopics.partitions(config, INPUT_TOPICS_WAIT);
        } catch (RuntimeException e) {
            registry.close();
            throw e;
        }
        Topology topology = DriftTopology.build(config, serdes, partitions);
        LOG.info("Topology:\n{}", topology.describe());
        Properties props = config.streamsProperties();
        AtomicReference<KafkaStreams> running = new AtomicReference<>();
        DriftHttpServer http = null;
        KafkaStreams streams = null;
        DriftObservability observability = null;
        ModelEventsLog dashboard = null;
        try {
            if (config.httpPort() >= 0) {
                // Bound first, so that a port of 0 is known before Kafka Streams advertises it to the
                // other instances as this one's application.server.
                http = DriftHttpServer.start(config.httpHost(), config.httpPort(), () -> {
                    KafkaStreams s = running.get();
                    return s == null ? "STARTING" : s.state().name();
                });
                props.putIfAbsent(StreamsConfig.APPLICATION_SERVER_CONFIG, config.httpAdvertisedHost() + ":" + http.port());
            }
            streams = new KafkaStreams(topology, props);
            running.set(streams);
            streams.setStateListener((next, previous) -> LOG.info("Kafka Streams {} -> {}", previous, next));
            streams.setGlobalStateRestoreListener(new RestoreLog());
            streams.setUncaughtExceptionHandler(e -> {
                // A bug or a poisoned state should not take the whole app down: replace the thread, which
                // resumes from the last committed offsets and state.
                LOG.error("Stream thread failed; replacing it", e);
                return StreamThreadExceptionResponse.REPLACE_THREAD;
            });
            if (http != null) {
                HostInfo self = HostInfo.buildFromEndpoint(props.getProperty(StreamsConfig.APPLICATION_SERVER_CONFIG));
                routeQueries(http, streams, self);
                dashboard = Dashboard.serve(http, streams, self, config, serdes);
                // GET /metrics for Prometheus.
                observability = DriftObservability.start(config, serdes, streams);
                observability.serve(http);
            }
            streams.start();
        } catch (IOException | RuntimeException e) {
            if (http != null) {
                http.close();
            }
            if (observability != null) {
                observability.close();
            }
            if (dashboard != null) {
                dashboard.close();
            }
            if (streams != null) {
                streams.close(CLOSE_TIMEOUT);
            }
            registry.close();
            throw e instanceof IOException io ? new UncheckedIOException("Cannot start the HTTP endpoint", io)
                    : (RuntimeException) e;
        }
        LOG.info("drift-stream {} started: {} ({} partitions) and {} ({}) -> {}, {}; windows of {} (grace {}), max label"
                + " delay {}, idle timeout {}", config.applicationId(), config.topics().predictions(), partitions.predictions(),
                config.topics().labels(), partitions.labels(), config.topics().driftMetrics(), config.topics().alerts(),
                config.windowSize(), config.windowGrace(), config.maxLabelDelay(), config.idleTimeout());
        return new DriftApp(streams, http, registry, observability, dashboard);
    }

    /** {@code /metrics/latest?model=name@version[&feature=f]} and {@code /alerts/open[?model=name@version]}. */
    private static void routeQueries(DriftHttpServer http, KafkaStreams streams, HostInfo self) {
        DriftQueries queries = new DriftQueries(streams, self, DriftTopology.ALERT_STATE_STORE, new PeerClient());
        http.route("/metrics/latest", q -> {
            String model = q.get("model");
            if (model == null || model.isBlank()) {
                return QueryResult.error(400, "model is required, e.g. /metrics/latest?model=fraud@1");
            }
            return queries.latestMetrics(model, q.get("feature"), "true".equals(q.get("local")));
        });
        http.route("/alerts/open", q -> queries.openAlerts(q.get("model"), "true".equals(q.get("local"))));
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    public KafkaStreams streams() {
        return streams;
    }

    /** The HTTP endpoint's port, or -1 when it is off. */
    public int httpPort() {
        return http == null ? -1 : http.port();
    }

    @Override
    public void close() {
        LOG.info("Stopping drift-stream");
        if (http != null) {
            http.close();
        }
        if (observability != null) {
            observability.close();
        }
        if (dashboard != null) {
            dashboard.close();
        }
        streams.close(CLOSE_TIMEOUT);
        registry.close();
    }
}
