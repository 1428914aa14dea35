package dev.streamscore.drift;

import dev.streamscore.avro.LabeledPrediction;
import dev.streamscore.drift.alerts.AlertEngine;
import dev.streamscore.drift.baseline.BaselineCache;
import dev.streamscore.drift.baseline.BaselineLookup;
import dev.streamscore.drift.baseline.BaselineUpdates;
import dev.streamscore.drift.dashboard.Dashboard;
import dev.streamscore.drift.join.EventTimeExtractor;
import dev.streamscore.drift.join.InputProgressProcessor;
import dev.streamscore.drift.join.InputValidation;
import dev.streamscore.drift.join.JoinEvent;
import dev.streamscore.drift.join.JoinInput;
import dev.streamscore.drift.join.JoinOutcome;
import dev.streamscore.drift.join.LabelJoinProcessor;
import dev.streamscore.drift.metrics.WindowReport;
import dev.streamscore.drift.query.LatestMetricsProcessor;
import dev.streamscore.drift.serde.InternalSerdes;
import dev.streamscore.drift.watermark.InputPartitions;
import dev.streamscore.drift.watermark.ProgressPartitioner;
import dev.streamscore.drift.window.ClosedWindow;
import dev.streamscore.drift.window.PartialWindowProcessor;
import dev.streamscore.drift.window.PerformanceWindowMetrics;
import dev.streamscore.drift.window.ServedWindowMetrics;
import dev.streamscore.drift.window.WindowKind;
import dev.streamscore.drift.window.WindowMergeProcessor;
import dev.streamscore.drift.window.WindowPartial;
import dev.streamscore.drift.window.WindowProcessors;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * drift-stream's graph, from input topics to output topics:
 * <pre>
 * predictions ─ validate ─ by event id ─┐
 *                                       ├─ input-progress ─ join-input-by-event-id ─┐ (records by event id,
 * labels ────── validate ─ by event id ─┘  (every input partition's event time,     │  progress to every task)
 *                                           idleness)                               │
 *   join-labels (dedupe, join, expiry by the watermark) ◄──────────────────────────┘
 *      │ LABELED ─────────────────────────────────────────────────────── labeled-predictions
 *      └ outcomes, watermark ─ window-partials (per-event counts, per task) ─ window-partials-by-model
 *                                                                              (counts, watermark)
 *   window-merge (per model version: adds the tasks' counts, closes a window when every task's
 *      │          watermark passed it, revises it with late counts)
 *      └ window-metrics ─ window reports ─┬─ drift-metrics (every value)
 *                                         ├─ latest-metrics-store, metric-history-store (HTTP)
 *                                         └─ alert rules (state) ─ alerts
 * model-baselines ─ global store (every instance), parsed once per update
 * </pre>
 * Windows are complete whatever order and speed the input partitions are read at: the per-event
 * work (join, counting) runs in the task that owns the event's join partition; only partial counts
 * and each task's progress cross to the per-model merge, which closes a window at the minimum of
 * the tasks' watermarks, each the minimum over the input partitions' event times ({@link
 * dev.streamscore.drift.watermark.Watermark}). Every processor, store and internal topic has an
 * explicit name (and Kafka Streams is told to refuse generated ones), so a change of the graph that
 * would orphan state is a deliberate one.
 */
public final class DriftTopology {
    /** The open alerts, per model@version, for interactive queries. */
    public static final String ALERT_STATE_STORE = AlertRulesProcessor.STORE;
    /** How often each input task reports its partitions' progress, and late partial counts are sent (wall clock). */
    static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(1);

    private DriftTopology() {
    }

    /** The topology for input topics of one partition each (a TopologyTestDriver's). */
    public static Topology build(DriftConfig config, DriftSerdes serdes) {
        return build(config, serdes, InputPartitions.SINGLE);
    }

    public static Topology build(DriftConfig config, DriftSerdes serdes, InputPartitions partitions) {
        StreamsBuilder builder = new StreamsBuilder();
        Serde<String> keys = Serdes.String();
        DriftConfig.Topics topics = config.topics();
        BaselineCache baselines = new BaselineCache();

        builder.addGlobalStore(Stores.timestampedKeyValueStoreBuilder(
                        Stores.persistentTimestampedKeyValueStore(BaselineLookup.STORE), keys, serdes.modelBaseline())
                        .withLoggingDisabled(),
                topics.modelBaselines(),
                Consumed.with(keys, serdes.modelBaseline()).withName("model-baselines-source"),
                () -> new BaselineUpdates(baselines));

        KStream<String, JoinEvent> joined = join(builder, config, serdes, partitions);
        joined.filter((eventId, e) -> e instanceof JoinOutcome o
                                && (o.kind() == JoinOutcome.Kind.LABELED || o.kind() == JoinOutcome.Kind.RELABELED),
                        Named.as("labeled-pairs"))
                .processValues(DriftTopology::labeledPrediction, Named.as("to-labeled-prediction"))
                .to(topics.labeledPredictions(),
                        Produced.with(keys, serdes.labeledPrediction()).withName("labeled-predictions-sink"));

        KStream<String, ClosedWindow> closed = windows(builder, joined, config, baselines, partitions);
        Dashboard.recordScores(closed.filter((model, w) -> w.kind() == WindowKind.SERVED, Named.as("served-windows")),
                baselines);
        ServedWindowMetrics servedMetrics = new ServedWindowMetrics(config.limits());
        PerformanceWindowMetrics performanceMetrics = new PerformanceWindowMetrics(config.limits());
        KStream<String, WindowReport> reports = closed.process(
                () -> WindowProcessors.evaluate(baselines, servedMetrics, performanceMetrics), Named.as("window-metrics"));

        reports.flatMapValues(AvroRecords::monitorMetrics, Named.as("to-monitor-metrics"))
                .to(topics.driftMetrics(), Produced.with(keys, serdes.monitorMetric()).withName("drift-metrics-sink"));

        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(LatestMetricsProcessor.STORE),
                keys, InternalSerdes.latestMetrics()));
        reports.process(LatestMetricsProcessor::new, Named.as("latest-metrics"), LatestMetricsProcessor.STORE);
        Dashboard.recordHistory(reports, config.dashboardHistoryWindows());

        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(AlertRulesProcessor.STORE),
                keys, InternalSerdes.alertState()));
        AlertEngine engine = new AlertEngine(config.alertRules(), config.alertSettings());
        reports.process(() -> new AlertRulesProcessor(engine), Named.as("alert-rules"), AlertRulesProcessor.STORE)
                .to(topics.alerts(), Produced.with(keys, serdes.alert()).withName("alerts-sink"));

        return builder.build(config.streamsProperties());
    }

    private static KStream<String, JoinEvent> join(StreamsBuilder builder, DriftConfig config, DriftSerdes serdes,
            InputPartitions partitions) {
        Serde<String> keys = Serdes.String();
        EventTimeExtractor eventTime = new EventTimeExtractor(config.futureTolerance());
        KStream<String, JoinInput> predictions = builder
                .stream(config.topics().predictions(), Consumed.with(keys, serdes.prediction())
                        .withTimestampExtractor(eventTime).withName("predictions-source"))
                .processValues(() -> InputValidation.predictions(config.futureTolerance()), Named.as("validate-predictions"))
                .map((entityId, p) -> KeyValue.pair(p.getEventId(), JoinInput.of(p)), Named.as("predictions-by-event-id"));
        KStream<String, JoinInput> labels = builder
                .stream(config.topics().labels(), Consumed.with(keys, serdes.label())
                        .withTimestampExtractor(eventTime).withName("labels-source"))
                .processValues(() -> InputValidation.labels(config.futureTolerance()), Named.as("validate-labels"))
                .map((eventId, l) -> KeyValue.pair(l.getEventId(), JoinInput.of(l)), Named.as("labels-by-event-id"));

        builder.addStateStore(compacted(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(LabelJoinProcessor.PREDICTIONS_STORE), keys, InternalSerdes.pendingPredictions())));
        builder.addStateStore(compacted(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(LabelJoinProcessor.LABELS_STORE), keys, InternalSerdes.pendingLabel())));
        builder.addStateStore(compacted(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(LabelJoinProcessor.INDEX_STORE), Serdes.Bytes(), Serdes.ByteArray())));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(LabelJoinProcessor.PROGRESS_STORE), keys, InternalSerdes.sourceProgress())
                .withCachingEnabled());

        return predictions.merge(labels, Named.as("join-inputs"))
                .process(() -> new InputProgressProcessor(partitions, PROGRESS_INTERVAL, config.idleTimeout()),
                        Named.as("input-progress"))
                .repartition(Repartitioned.<String, JoinInput>as("join-input-by-event-id")
                        .withKeySerde(keys).withValueSerde(InternalSerdes.joinInput())
                        .withNumberOfPartitions(partitions.tasks())
                        .withStreamPartitioner(new ProgressPartitioner<>(JoinInput::isProgress)))
                .process(() -> new LabelJoinProcessor(config.joinSettings(), partitions), Named.as("join-labels"),
                        LabelJoinProcessor.PREDICTIONS_STORE, LabelJoinProcessor.LABELS_STORE, LabelJoinProcessor.INDEX_STORE,
                        LabelJoinProcessor.PROGRESS_STORE);
    }

    private static KStream<String, ClosedWindow> windows(StreamsBuilder builder, KStream<String, JoinEvent> joined,
            DriftConfig config, BaselineCache baselines, InputPartitions partitions) {
        Serde<String> keys = Serdes.String();
        builder.addStateStore(compacted(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(PartialWindowProcessor.STORE), Serdes.Bytes(), Serdes.ByteArray()))
                .withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(WindowMergeProcessor.OPEN_STORE), Serdes.Bytes(), Serdes.ByteArray())
                .withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(WindowMergeProcessor.CLOSED_STORE), Serdes.Bytes(), Serdes.ByteArray()));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(WindowMergeProcessor.PROGRESS_STORE), keys, InternalSerdes.sourceProgress())
                .withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(WindowMergeProcessor.COVERAGE_STORE), Serdes.Bytes(), Serdes.ByteArray())
                .withCachingEnabled());

        // Only the few, hot window and progress stores are cached, so each of their keys reaches RocksDB and the
        // changelog once per commit: caching the join's stores too (one key per event) filled the
        // cache, whose evictions then wrote a window's counts (kilobytes) on nearly every event.
        return joined
                .process(() -> new PartialWindowProcessor(config.windowTiming(), config.limits(), baselines,
                                PROGRESS_INTERVAL, LabelJoinProcessor.PROGRESS_STORE),
                        Named.as("window-partials"), PartialWindowProcessor.STORE, LabelJoinProcessor.PROGRESS_STORE)
                .repartition(Repartitioned.<String, WindowPartial>as("window-partials-by-model")
                        .withKeySerde(keys).withValueSerde(InternalSerdes.windowPartial())
                        .withNumberOfPartitions(partitions.tasks())
                        .withStreamPartitioner(new ProgressPartitioner<>(p -> p instanceof WindowPartial.Progress)))
                .process(() -> new WindowMergeProcessor(config.windowTiming(), config.limits(), partitions.tasks()),
                        Named.as("window-merge"), WindowMergeProcessor.OPEN_STORE, WindowMergeProcessor.CLOSED_STORE,
                        WindowMergeProcessor.PROGRESS_STORE, WindowMergeProcessor.COVERAGE_STORE);
    }

    /**
     * A store whose keys all get deleted in time (the join's, the partials): its changelog is
     * compacted often enough that restoring it reads roughly what is still open, not the run's
     * history. The active segment is never compacted, so it rolls every 10 minutes; deletions are
     * kept an hour, so a replica restoring from an older checkpoint still sees them.
     */
    private static <T extends StateStore> StoreBuilder<T> compacted(StoreBuilder<T> store) {
        return store.withLoggingEnabled(Map.of(
                "segment.ms", Long.toString(Duration.ofMinutes(10).toMillis()),
                "min.cleanable.dirty.ratio", "0.2",
                "delete.retention.ms", Long.toString(Duration.ofHours(1).toMillis())));
    }

    private static FixedKeyProcessor<String, JoinEvent, LabeledPrediction> labeledPrediction() {
        return new FixedKeyProcessor<>() {
            private FixedKeyProcessorContext<String, LabeledPrediction> context;

            @Override
            public void init(FixedKeyProcessorContext<String, LabeledPrediction> context) {
                this.context = context;
            }

            @Override
            public void process(FixedKeyRecord<String, JoinEvent> record) {
                JoinOutcome o = (JoinOutcome) record.value();
                context.forward(record.withValue(
                        AvroRecords.labeledPrediction(o.prediction(), o.label(), context.currentSystemTimeMs())));
            }
        };
    }
}
