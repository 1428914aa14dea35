package dev.streamscore.drift;

import dev.streamscore.drift.http.HealthServer;
import dev.streamscore.schemas.registry.SchemaRegistryClient;
import dev.streamscore.schemas.registry.SchemaRegistryClients;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs drift-stream: parses the configuration, builds {@link DriftTopology}, owns the
 * {@link KafkaStreams} instance (state listener, uncaught-exception handler that replaces a failed
 * stream thread, shutdown hook) and the health endpoint. Undecodable and invalid input records go
 * to the dead-letter topic through Kafka Streams' own dead-letter queue (see
 * {@link DriftConfig#streamsProperties()}). Exits with 2 on invalid configuration.
 */
public final class DriftApp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DriftApp.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaStreams streams;
    private final HealthServer health;
    private final SchemaRegistryClient registry;

    private DriftApp(KafkaStreams streams, HealthServer health, SchemaRegistryClient registry) {
        this.streams = streams;
        this.health = health;
        this.registry = registry;
    }

    public static void main(String[] args) {
        DriftConfig config;
        try {
            config = DriftConfig.from(args, System.getenv());
        } catch (IllegalArgumentException | UncheckedIOException e) {
            LOG.error("Invalid configuration: {}", e.getMessage());
            System.exit(2);
            return;
        }
        DriftApp app = start(config);
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
        Topology topology = DriftTopology.build(config, serdes);
        LOG.info("Topology:\n{}", topology.describe());
        KafkaStreams streams = new KafkaStreams(topology, config.streamsProperties());
        streams.setStateListener((next, previous) -> LOG.info("Kafka Streams {} -> {}", previous, next));
        streams.setUncaughtExceptionHandler(e -> {
            // A bug or a poisoned state should not take the whole app down: replace the thread, which
            // resumes from the last committed offsets and state.
            LOG.error("Stream thread failed; replacing it", e);
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        HealthServer health = null;
        try {
            if (config.httpPort() >= 0) {
                health = HealthServer.start(config.httpHost(), config.httpPort(), () -> streams.state().name());
            }
            streams.start();
        } catch (IOException | RuntimeException e) {
            if (health != null) {
                health.close();
            }
            streams.close(CLOSE_TIMEOUT);
            registry.close();
            throw e instanceof IOException io ? new UncheckedIOException("Cannot start the health endpoint", io)
                    : (RuntimeException) e;
        }
        LOG.info("drift-stream {} started: {} -> {}, {}, windows of {} (grace {}), max label delay {}",
                config.applicationId(), config.topics().predictions(), config.topics().driftMetrics(),
                config.topics().alerts(), config.windowSize(), config.windowGrace(), config.maxLabelDelay());
        return new DriftApp(streams, health, registry);
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    public KafkaStreams streams() {
        return streams;
    }

    /** The health endpoint's port, or -1 when it is off. */
    public int httpPort() {
        return health == null ? -1 : health.port();
    }

    @Override
    public void close() {
        LOG.info("Stopping drift-stream");
        if (health != null) {
            health.close();
        }
        streams.close(CLOSE_TIMEOUT);
        registry.close();
    }
}
