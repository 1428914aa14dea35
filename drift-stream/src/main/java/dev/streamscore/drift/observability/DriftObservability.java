package dev.streamscore.drift.observability;

import com.sun.net.httpserver.HttpExchange;
import dev.streamscore.drift.DriftConfig;
import dev.streamscore.drift.DriftSerdes;
import dev.streamscore.drift.http.DriftHttpServer;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * drift-stream's Prometheus endpoint, {@code GET /metrics} on the app's HTTP port, through
 * Micrometer's Prometheus registry: Kafka Streams' own metrics ({@code kafka_stream_*}, from
 * {@link KafkaStreamsMetrics}), JVM metrics, and the drift gauges and alert counters of
 * {@link DriftMeters}.
 */
public final class DriftObservability implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DriftObservability.class);
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final Duration METRICS_REFRESH = Duration.ofSeconds(10);

    private final PrometheusMeterRegistry registry;
    private final KafkaStreamsMetrics streamsMetrics;
    private final ScheduledExecutorService refresh;
    private final JvmGcMetrics gcMetrics;
    private final OutputTopicsWatcher watcher;

    private DriftObservability(PrometheusMeterRegistry registry, KafkaStreamsMetrics streamsMetrics,
            ScheduledExecutorService refresh, JvmGcMetrics gcMetrics, OutputTopicsWatcher watcher) {
        this.refresh = refresh;
        this.registry = registry;
        this.streamsMetrics = streamsMetrics;
        this.gcMetrics = gcMetrics;
        this.watcher = watcher;
    }

    /** Binds the meters of {@code streams} and starts watching the output topics. */
    public static DriftObservability start(DriftConfig config, DriftSerdes serdes, KafkaStreams streams) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        // No common tags: Kafka Streams' metrics already carry the application id, and a label twice fails the scrape.
        // Checked for new metrics every 10 s, not Micrometer's 60: a task's counters (late events, idle
        // partitions) exist only once the task does, after the binding.
        ScheduledExecutorService refresh = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "drift-metrics-refresh");
            t.setDaemon(true);
            return t;
        });
        KafkaStreamsMetrics streamsMetrics = new KafkaStreamsMetrics(streams, Tags.empty(), refresh, METRICS_REFRESH);
        streamsMetrics.bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        JvmGcMetrics gcMetrics = new JvmGcMetrics();
        gcMetrics.bindTo(registry);
        OutputTopicsWatcher watcher = new OutputTopicsWatcher(config.applicationId(), config.streamsProperties(), config.topics().driftMetrics(),
                config.topics().alerts(), serdes.monitorMetric().deserializer(), serdes.alert().deserializer(),
                new DriftMeters(registry));
        watcher.start();
        return new DriftObservability(registry, streamsMetrics, refresh, gcMetrics, watcher);
    }

    /** Serves {@code GET /metrics} (Prometheus text format) on {@code http}. */
    public void serve(DriftHttpServer http) {
        http.serve("/metrics", this::scrape);
    }

    String scrape() {
        return registry.scrape();
    }

    private void scrape(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod()) || !"/metrics".equals(exchange.getRequestURI().getPath())) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            byte[] body;
            int status = 200;
            try {
                body = scrape().getBytes(StandardCharsets.UTF_8);
            } catch (RuntimeException e) {
                LOG.warn("Prometheus scrape failed", e);
                body = ("scrape failed: " + e).getBytes(StandardCharsets.UTF_8);
                status = 500;
            }
            exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        watcher.close();
        streamsMetrics.close();
        refresh.shutdownNow();
        gcMetrics.close();
        registry.close();
    }
}
