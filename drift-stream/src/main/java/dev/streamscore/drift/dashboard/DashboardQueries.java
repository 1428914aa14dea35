package dev.streamscore.drift.dashboard;

import static dev.streamscore.drift.stats.DistributionDistances.proportions;

import dev.streamscore.avro.ModelBaseline;
import dev.streamscore.drift.alerts.AlertRule;
import dev.streamscore.drift.alerts.AlertRules;
import dev.streamscore.drift.baseline.BaselineLookup;
import dev.streamscore.drift.query.PeerClient;
import dev.streamscore.drift.query.QueryResult;
import dev.streamscore.drift.stats.DistributionDistances;
import dev.streamscore.model.card.Fairness;
import dev.streamscore.model.card.ModelCard;
import dev.streamscore.model.card.ModelCards;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
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
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * The dashboard's interactive queries across drift-stream's instances, answered as JSON-ready maps
 * (the pattern of {@link dev.streamscore.drift.query.DriftQueries}):
 * <ul>
 *   <li>{@link #models}: every model version with a history or a published baseline, gathered from
 *       every instance;</li>
 *   <li>{@link #history}: a model version's last windows of the charted metrics, with each series'
 *       baseline and alert rule, from the instance that owns the model's key (this one, or the
 *       owner asked over HTTP with {@code local=true});</li>
 *   <li>{@link #scores}: its latest window's score histogram beside the baseline's, likewise.</li>
 * </ul>
 * Only active stores are read; while a rebalance moves one, the query answers 503.
 */
public final class DashboardQueries {
    private final KafkaStreams streams;
    private final HostInfo self;
    private final PeerClient peers;
    private final AlertRules rules;

    public DashboardQueries(KafkaStreams streams, HostInfo self, PeerClient peers, AlertRules rules) {
        this.streams = streams;
        this.self = self;
        this.peers = peers;
        this.rules = rules;
    }

    /** Every known model version: windows kept, the latest window's end, whether a baseline is published. */
    @SuppressWarnings("unchecked")
    public QueryResult models(boolean localOnly) {
        Map<String, Map<String, Object>> models = new TreeMap<>();
        try {
            try (KeyValueIterator<String, MetricHistory> all = this.<MetricHistory>store(MetricHistoryProcessor.STORE).all()) {
                while (all.hasNext()) {
                    KeyValue<String, MetricHistory> entry = all.next();
                    List<MetricHistory.Window> windows = entry.value.windows();
                    models.put(entry.key, modelJson(entry.key, windows.size(),
                            windows.isEmpty() ? null : iso(windows.get(windows.size() - 1).end())));
                }
            }
            if (!localOnly) {
                // The global baselines table is on every instance: asked once, here.
                try (KeyValueIterator<String, Object> all = this.<Object>store(BaselineLookup.STORE).all()) {
                    while (all.hasNext()) {
                        String model = all.next().key;
                        models.computeIfAbsent(model, m -> modelJson(m, 0, null)).put("baseline", true);
                    }
                }
            }
        } catch (InvalidStateStoreException e) {
            return QueryResult.error(503, "the dashboard stores are not queryable right now: " + e.getMessage());
        }
        if (!localOnly) {
            for (StreamsMetadata instance : streams.streamsMetadataForStore(MetricHistoryProcessor.STORE)) {
                if (instance.hostInfo().equals(self)) {
                    continue;
                }
                QueryResult remote = peers.get(instance.hostInfo(), "/models?local=true");
                if (remote.status() != 200 || !(remote.body() instanceof Map<?, ?> body)) {
                    return QueryResult.error(503, "instance " + instance.hostInfo().host() + ":"
                            + instance.hostInfo().port() + " answered " + remote.status() + ": " + remote.body());
                }
                for (Map<String, Object> m : (List<Map<String, Object>>) body.get("models")) {
                    Map<String, Object> known = models.get((String) m.get("model"));
                    if (known != null) {
                        m.put("baseline", known.get("baseline"));
                    }
                    models.put((String) m.get("model"), m);
                }
            }
        }
        return QueryResult.ok(Map.of("models", new ArrayList<>(models.values())));
    }

    /**
     * @param model     {@code name@version}
     * @param feature   only this feature's series (and the model-level ones), or null for all
     * @param localOnly answer from this instance's store only (a forwarded query)
     */
    public QueryResult history(String model, String feature, boolean localOnly) {
        Optional<QueryResult> forwarded = forward(MetricHistoryProcessor.STORE, model, localOnly,
                "/metrics/history?model=" + encode(model) + (feature == null ? "" : "&feature=" + encode(feature)));
        if (forwarded.isPresent()) {
            return forwarded.get();
        }
        MetricHistory history;
        try {
            history = this.<MetricHistory>store(MetricHistoryProcessor.STORE).get(model);
        } catch (InvalidStateStoreException e) {
            return QueryResult.error(503, "the history store is not queryable right now: " + e.getMessage());
        }
        if (history == null) {
            return QueryResult.error(404, "no closed window of " + model + " yet");
        }
        List<Map<String, Object>> windows = new ArrayList<>();
        for (MetricHistory.Window w : history.windows()) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("start", iso(w.start()));
            json.put("end", iso(w.end()));
            json.put("events", w.events());
            json.put("labeled", w.labeled());
            json.put("late_events", w.lateEvents());
            json.put("revision", w.revision());
            json.put("provisional", w.provisional());
            windows.add(json);
        }
        List<Map<String, Object>> series = new ArrayList<>();
        for (String id : history.seriesIds()) {
            String[] parts = id.split("\\|", -1);
            String seriesFeature = "-".equals(parts[2]) ? null : parts[2];
            if (feature != null && seriesFeature != null && !feature.equals(seriesFeature)) {
                continue;
            }
            List<Double> values = new ArrayList<>(history.windows().size());
            history.windows().forEach(w -> values.add(finiteOrNull(w.values().get(id))));
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("kind", parts[0]);
            json.put("metric", parts[1]);
            json.put("feature", seriesFeature);
            json.put("baseline", finiteOrNull(history.baselines().get(id)));
            json.put("rule", ruleJson(rules.find(parts[1], seriesFeature)));
            json.put("values", values);
            series.add(json);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", model);
        body.put("windows", windows);
        body.put("series", series);
        return QueryResult.ok(body);
    }

    /**
     * The fairness section of {@code model}'s card: each attribute's groups on the holdout and the
     * gaps across them, which the bias rules compare live windows with. Answered from the global
     * baselines table, which every instance holds.
     */
    public QueryResult fairness(String model) {
        Object value;
        try {
            value = this.<Object>store(BaselineLookup.STORE).get(model);
        } catch (InvalidStateStoreException e) {
            return QueryResult.error(503, "the baselines store is not queryable right now: " + e.getMessage());
        }
        if (value instanceof ValueAndTimestamp<?> timestamped) {
            value = timestamped.value();
        }
        if (!(value instanceof ModelBaseline baseline)) {
            return QueryResult.error(404, "no baseline published for " + model);
        }
        ModelCard card;
        try {
            card = ModelCards.fromJson(baseline.getCardJson());
        } catch (IllegalArgumentException e) {
            return QueryResult.error(404, "the baseline of " + model + " has an invalid card: " + e.getMessage());
        }
        Fairness fairness = card.fairness();
        if (fairness == null || fairness.groups().isEmpty()) {
            return QueryResult.error(404, "the card of " + model + " has no holdout figures per group (trained before "
                    + "they existed, or without event attributes)");
        }
        List<Map<String, Object>> fields = new ArrayList<>();
        Map<String, Fairness.Gaps> gaps = fairness.gaps();
        fairness.groups().forEach((field, groups) -> {
            List<Map<String, Object>> rows = new ArrayList<>();
            groups.forEach((group, g) -> {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("group", group);
                row.put("records", g.examples());
                row.put("positives", g.positives());
                row.put("positive_rate", finite(g.positiveRate()));
                row.put("recall", finite(g.recall()));
                row.put("false_positive_rate", finite(g.falsePositiveRate()));
                row.put("recall_judged", g.positives() >= fairness.minGroupSize());
                rows.add(row);
            });
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("field", field);
            json.put("demographic_parity_gap", finite(gaps.get(field).demographicParity()));
            json.put("equal_opportunity_gap", finite(gaps.get(field).equalOpportunity()));
            json.put("groups", rows);
            fields.add(json);
        });
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", model);
        body.put("threshold", card.output().threshold());
        body.put("min_group_size", fairness.minGroupSize());
        body.put("fields", fields);
        return QueryResult.ok(body);
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }

    /**
     * @param model     {@code name@version}
     * @param localOnly answer from this instance's store only (a forwarded query)
     */
    public QueryResult scores(String model, boolean localOnly) {
        Optional<QueryResult> forwarded = forward(ScoreDistributionProcessor.STORE, model, localOnly,
                "/scores/latest?model=" + encode(model));
        if (forwarded.isPresent()) {
            return forwarded.get();
        }
        ScoreDistribution d;
        try {
            d = this.<ScoreDistribution>store(ScoreDistributionProcessor.STORE).get(model);
        } catch (InvalidStateStoreException e) {
            return QueryResult.error(503, "the score store is not queryable right now: " + e.getMessage());
        }
        if (d == null) {
            return QueryResult.error(404, "no closed window of " + model + " yet");
        }
        double[] live = proportions(d.counts());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", model);
        body.put("window_start", iso(d.windowStart()));
        body.put("window_end", iso(d.windowEnd()));
        body.put("events", Arrays.stream(d.counts()).sum());
        body.put("edges", d.edges());
        body.put("counts", d.counts());
        body.put("shares", live);
        if (d.baselineCounts() != null) {
            double[] baseline = proportions(d.baselineCounts());
            body.put("baseline_sample_size", Arrays.stream(d.baselineCounts()).sum());
            body.put("baseline_shares", baseline);
            body.put("psi", finiteOrNull(DistributionDistances.psi(baseline, live)));
            body.put("js_distance", finiteOrNull(DistributionDistances.jensenShannon(baseline, live)));
        } else {
            body.put("baseline_shares", null);
        }
        return QueryResult.ok(body);
    }

    /** The owner's answer when another instance owns {@code model} in {@code store}; empty when this one does. */
    private Optional<QueryResult> forward(String store, String model, boolean localOnly, String pathAndQuery) {
        if (localOnly) {
            return Optional.empty();
        }
        KeyQueryMetadata owner = streams.queryMetadataForKey(store, model, Serdes.String().serializer());
        if (owner == null || owner.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
            return Optional.of(QueryResult.error(503, "no instance hosts " + model + " right now (rebalancing?)"));
        }
        if (owner.activeHost().equals(self)) {
            return Optional.empty();
        }
        return Optional.of(peers.get(owner.activeHost(), pathAndQuery + "&local=true"));
    }

    private <V> ReadOnlyKeyValueStore<String, V> store(String name) {
        return streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.keyValueStore()));
    }

    private static Map<String, Object> modelJson(String model, int windows, String latestEnd) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("model", model);
        json.put("windows", windows);
        json.put("latest_window_end", latestEnd);
        json.put("baseline", false);
        return json;
    }

    /** What the chart draws as threshold lines; null when no rule alerts on the metric. */
    private static Map<String, Object> ruleJson(AlertRule rule) {
        if (rule == null || !rule.enabled()) {
            return null;
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("direction", rule.direction().name());
        json.put("warning", finiteOrNull(rule.warning()));
        json.put("critical", finiteOrNull(rule.critical()));
        json.put("min_sample", rule.minSample());
        return json;
    }

    private static String iso(long epochMs) {
        return Instant.ofEpochMilli(epochMs).toString();
    }

    /** JSON has no NaN or infinity. */
    private static Double finiteOrNull(Double value) {
        return value != null && Double.isFinite(value) ? value : null;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
