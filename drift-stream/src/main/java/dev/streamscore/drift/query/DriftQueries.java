package dev.streamscore.drift.query;

import dev.streamscore.drift.alerts.AlertState;
import dev.streamscore.drift.alerts.RuleState;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Kafka Streams interactive queries across drift-stream's instances, answered as JSON-ready maps:
 * <ul>
 *   <li>the latest closed window's metrics of one model version ({@link LatestMetricsProcessor#STORE}),
 *       from the instance that owns that model's key: this one, or the owner asked over HTTP;</li>
 *   <li>every open alert ({@code alert-state-store}): this instance's own, plus every other
 *       instance's that hosts the store, asked over HTTP.</li>
 * </ul>
 * Only active stores are read (no stale standby answers). While a rebalance moves a store, the
 * query answers 503 and can be retried.
 */
public final class DriftQueries {
    private final KafkaStreams streams;
    private final HostInfo self;
    private final String alertStore;
    private final PeerClient peers;

    public DriftQueries(KafkaStreams streams, HostInfo self, String alertStore, PeerClient peers) {
        this.streams = streams;
        this.self = self;
        this.alertStore = alertStore;
        this.peers = peers;
    }

    /**
     * @param model     {@code name@version}
     * @param feature   only this feature's metrics, or null for all
     * @param localOnly answer from this instance's store only (a forwarded query)
     */
    public QueryResult latestMetrics(String model, String feature, boolean localOnly) {
        if (!localOnly) {
            KeyQueryMetadata owner = streams.queryMetadataForKey(LatestMetricsProcessor.STORE, model,
                    Serdes.String().serializer());
            if (owner == null || owner.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
                return QueryResult.error(503, "no instance hosts the metrics of " + model + " right now (rebalancing?)");
            }
            if (!owner.activeHost().equals(self)) {
                return peers.get(owner.activeHost(), "/metrics/latest?model=" + encode(model)
                        + (feature == null ? "" : "&feature=" + encode(feature)) + "&local=true");
            }
        }
        LatestMetrics latest;
        try {
            ReadOnlyKeyValueStore<String, LatestMetrics> store = streams.store(
                    StoreQueryParameters.fromNameAndType(LatestMetricsProcessor.STORE, QueryableStoreTypes.keyValueStore()));
            latest = store.get(model);
        } catch (InvalidStateStoreException e) {
            return QueryResult.error(503, "the metrics store is not queryable right now: " + e.getMessage());
        }
        if (latest == null) {
            return QueryResult.error(404, "no closed window of " + model + " yet");
        }
        List<Map<String, Object>> metrics = new ArrayList<>();
        for (LatestMetrics.LatestMetric m : latest.metrics().values()) {
            if (feature == null || feature.equals(m.feature())) {
                metrics.add(metricJson(m));
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", model);
        body.put("metrics", metrics);
        return QueryResult.ok(body);
    }

    /**
     * @param model     only this model version's alerts, or null for all
     * @param localOnly this instance's alerts only (a forwarded query)
     */
    @SuppressWarnings("unchecked")
    public QueryResult openAlerts(String model, boolean localOnly) {
        List<Map<String, Object>> alerts = new ArrayList<>();
        try {
            ReadOnlyKeyValueStore<String, AlertState> store = streams.store(
                    StoreQueryParameters.fromNameAndType(alertStore, QueryableStoreTypes.keyValueStore()));
            try (KeyValueIterator<String, AlertState> all = store.all()) {
                while (all.hasNext()) {
                    KeyValue<String, AlertState> entry = all.next();
                    if (model == null || model.equals(entry.key)) {
                        entry.value.openAlerts().forEach((rule, open) -> alerts.add(alertJson(entry.key, rule, open)));
                    }
                }
            }
        } catch (InvalidStateStoreException e) {
            return QueryResult.error(503, "the alert store is not queryable right now: " + e.getMessage());
        }
        if (!localOnly) {
            for (StreamsMetadata instance : streams.streamsMetadataForStore(alertStore)) {
                if (instance.hostInfo().equals(self)) {
                    continue;
                }
                QueryResult remote = peers.get(instance.hostInfo(), "/alerts/open?local=true"
                        + (model == null ? "" : "&model=" + encode(model)));
                if (remote.status() != 200 || !(remote.body() instanceof Map<?, ?> body)) {
                    // A partial list would read as "nothing else is open": fail instead.
                    return QueryResult.error(503, "instance " + instance.hostInfo().host() + ":"
                            + instance.hostInfo().port() + " answered " + remote.status() + ": " + remote.body());
                }
                alerts.addAll((List<Map<String, Object>>) body.get("alerts"));
            }
        }
        alerts.sort(Comparator.comparing((Map<String, Object> a) -> (String) a.get("model"))
                .thenComparing(a -> (String) a.get("alert_id")));
        return QueryResult.ok(Map.of("alerts", alerts));
    }

    private static Map<String, Object> metricJson(LatestMetrics.LatestMetric m) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("kind", m.kind());
        json.put("metric", m.metric());
        json.put("feature", m.feature());
        json.put("segment", m.segment());
        json.put("value", finiteOrNull(m.value()));
        json.put("baseline", m.baseline() == null ? null : finiteOrNull(m.baseline()));
        json.put("sample_size", m.sampleSize());
        json.put("window_start", Instant.ofEpochMilli(m.windowStart()).toString());
        json.put("window_end", Instant.ofEpochMilli(m.windowEnd()).toString());
        return json;
    }

    private static Map<String, Object> alertJson(String model, String ruleKey, RuleState.OpenAlert open) {
        String[] parts = ruleKey.split("\\|", -1);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("model", model);
        json.put("alert_id", open.alertId());
        json.put("kind", parts[0]);
        json.put("metric", parts.length > 1 ? parts[1] : null);
        json.put("feature", parts.length > 2 ? dashToNull(parts[2]) : null);
        json.put("segment", parts.length > 3 ? dashToNull(parts[3]) : null);
        json.put("severity", open.severity().name());
        json.put("rule", open.rule());
        json.put("threshold", finiteOrNull(open.threshold()));
        json.put("since", Instant.ofEpochMilli(open.since()).toString());
        json.put("message", open.message());
        return json;
    }

    /** JSON has no NaN or infinity. */
    private static Double finiteOrNull(double value) {
        return Double.isFinite(value) ? value : null;
    }

    private static String dashToNull(String s) {
        return "-".equals(s) ? null : s;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
