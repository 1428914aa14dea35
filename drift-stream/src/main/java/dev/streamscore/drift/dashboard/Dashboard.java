package dev.streamscore.drift.dashboard;

import dev.streamscore.drift.DriftConfig;
import dev.streamscore.drift.DriftSerdes;
import dev.streamscore.drift.baseline.BaselineCache;
import dev.streamscore.drift.http.DriftHttpServer;
import dev.streamscore.drift.metrics.WindowReport;
import dev.streamscore.drift.query.PeerClient;
import dev.streamscore.drift.query.QueryResult;
import dev.streamscore.drift.window.ClosedWindow;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.state.HostInfo;

/**
 * The web dashboard of drift-stream: a page served by the app's HTTP endpoint (per model version:
 * drift per feature over time, the latest score distribution against the baseline, performance
 * over time, open alerts), fed by JSON endpoints answered from Kafka Streams state. This class is
 * the two places it plugs in: the topology (two state stores fed from the monitors) and the HTTP
 * server (the page, its assets and the queries).
 */
public final class Dashboard {
    /** Default number of windows kept per model version for the charts. */
    public static final int DEFAULT_HISTORY_WINDOWS = 120;

    private Dashboard() {
    }

    /** Keeps the last {@code capacity} windows of every model version's charted metrics, from the window reports. */
    public static void recordHistory(KStream<String, WindowReport> reports, int capacity) {
        reports.process(MetricHistoryProcessor.supplier(capacity), Named.as("metric-history"));
    }

    /** Keeps every model version's latest closed served window's score histogram beside its baseline's. */
    public static void recordScores(KStream<String, ClosedWindow> closedWindows, BaselineCache baselines) {
        closedWindows.process(ScoreDistributionProcessor.supplier(baselines), Named.as("score-distribution"));
    }

    /**
     * Serves the page at {@code /} and {@code /dashboard}, its assets under {@code /dashboard/}, and
     * {@code /models}, {@code /metrics/history?model=}, {@code /scores/latest?model=},
     * {@code /models/fairness?model=} and {@code /lifecycle?model=}; returns what reads the
     * lifecycle steps, for the caller to close.
     */
    public static ModelEventsLog serve(DriftHttpServer http, KafkaStreams streams, HostInfo self, DriftConfig config,
            DriftSerdes serdes) {
        DashboardQueries queries = new DashboardQueries(streams, self, new PeerClient(), config.alertRules());
        ModelEventsLog lifecycle = new ModelEventsLog(config.applicationId(), config.streamsProperties(),
                config.topics().modelEvents(), serdes.modelEvent().deserializer());
        http.route("/models", q -> queries.models(local(q.get("local"))));
        http.route("/metrics/history", q -> {
            String model = q.get("model");
            if (model == null || model.isBlank()) {
                return QueryResult.error(400, "model is required, e.g. /metrics/history?model=fraud@1");
            }
            return queries.history(model, q.get("feature"), local(q.get("local")));
        });
        http.route("/scores/latest", q -> {
            String model = q.get("model");
            if (model == null || model.isBlank()) {
                return QueryResult.error(400, "model is required, e.g. /scores/latest?model=fraud@1");
            }
            return queries.scores(model, local(q.get("local")));
        });
        http.route("/models/fairness", q -> {
            String model = q.get("model");
            if (model == null || model.isBlank()) {
                return QueryResult.error(400, "model is required, e.g. /models/fairness?model=fraud@1");
            }
            return queries.fairness(model);
        });
        http.route("/lifecycle", q -> {
            String model = q.get("model");
            if (model == null || model.isBlank()) {
                return QueryResult.error(400, "model is required, e.g. /lifecycle?model=fraud");
            }
            return LifecycleView.of(lifecycle, model);
        });
        http.serve("/", new DashboardAssets());
        lifecycle.start();
        return lifecycle;
    }

    private static boolean local(String value) {
        return "true".equals(value);
    }
}
