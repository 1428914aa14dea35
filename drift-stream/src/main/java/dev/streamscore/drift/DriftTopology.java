package dev.streamscore.drift;

import dev.streamscore.avro.LabeledPrediction;
import dev.streamscore.avro.ModelBaseline;
import dev.streamscore.avro.Prediction;
import dev.streamscore.drift.alerts.AlertEngine;
import dev.streamscore.drift.baseline.BaselineCache;
import dev.streamscore.drift.dashboard.Dashboard;
import dev.streamscore.drift.baseline.BaselineLookup;
import dev.streamscore.drift.join.EventTimeExtractor;
import dev.streamscore.drift.join.InputValidation;
import dev.streamscore.drift.join.JoinInput;
import dev.streamscore.drift.join.JoinOutcome;
import dev.streamscore.drift.join.JoinSettings;
import dev.streamscore.drift.join.LabelJoinProcessor;
import dev.streamscore.drift.metrics.ModelKeys;
import dev.streamscore.drift.metrics.WindowReport;
import dev.streamscore.drift.query.LatestMetricsProcessor;
import dev.streamscore.drift.serde.InternalSerdes;
import dev.streamscore.drift.window.PerformanceWindow;
import dev.streamscore.drift.window.PerformanceWindowAggregator;
import dev.streamscore.drift.window.PerformanceWindowMetrics;
import dev.streamscore.drift.window.ServedInput;
import dev.streamscore.drift.window.ServedWindow;
import dev.streamscore.drift.window.ServedWindowAggregator;
import dev.streamscore.drift.window.ServedWindowMetrics;
import dev.streamscore.drift.window.WindowLimits;
import dev.streamscore.drift.window.WindowProcessors;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.kstream.Suppressed;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/**
 * drift-stream's graph, from input topics to output topics:
 * <pre>
 * predictions ─ validate ─ by event id ─┐
 *                                       ├─ join-input-by-event-id ─ join-labels (dedupe, join, expiry)
 * labels ────── validate ─ by event id ─┘        │ ACCEPTED ─ served-by-model ─ + baseline ─ tumbling window
 *                                                │      ─ final result ─ served metrics ───────────┐
 *                                                │ LABELED ─────────────────────── labeled-predictions
 *                                                │ LABELED/UNLABELED/LATE ─ performance-by-model    │
 *                                                │      ─ tumbling window (prediction time) ─ final │
 *                                                │      ─ performance metrics ─────────────────────┤
 * model-baselines ─ GlobalKTable (every instance)                                 window reports ─┤
 *                                                          drift-metrics ◄─ every metric ──────────┤
 *                                                  latest-metrics-store ◄─ latest value per metric ┤
 *                                                          alerts ◄──────── alert rules (state) ───┘
 * </pre>
 * Every processor, store and internal topic has an explicit name (and Kafka Streams is told to
 * refuse generated ones), so a change of the graph that would orphan state is a deliberate one.
 * Windows emit once, when they close (event time past end + grace).
 */
public final class DriftTopology {
    /** The open alerts, per model@version, for interactive queries. */
    public static final String ALERT_STATE_STORE = AlertRulesProcessor.STORE;
    static final String SERVED_WINDOW_STORE = "served-window-store";
    static final String PERFORMANCE_WINDOW_STORE = "performance-window-store";

    private DriftTopology() {
    }

    public static Topology build(DriftConfig config, DriftSerdes serdes) {
        StreamsBuilder builder = new StreamsBuilder();
        Serde<String> keys = Serdes.String();
        DriftConfig.Topics topics = config.topics();
        BaselineCache baselines = new BaselineCache();

        builder.globalTable(topics.modelBaselines(),
                Consumed.with(keys, serdes.modelBaseline()).withName("model-baselines-source"),
                Materialized.<String, ModelBaseline, KeyValueStore<Bytes, byte[]>>as(BaselineLookup.STORE)
                        .withKeySerde(keys).withValueSerde(serdes.modelBaseline()));

        KStream<String, JoinOutcome> outcomes = join(builder, config, serdes);
        KStream<String, WindowReport> served = servedMonitors(outcomes, config, baselines);
        KStream<String, WindowReport> performance = performanceMonitors(outcomes, config, serdes, baselines);

        KStream<String, WindowReport> reports = served.merge(performance, Named.as("window-reports"));
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

    private static KStream<String, JoinOutcome> join(StreamsBuilder builder, DriftConfig config, DriftSerdes serdes) {
        Serde<String> keys = Serdes.String();
        JoinSettings join = config.joinSettings();
        KStream<String, JoinInput> predictions = builder
                .stream(config.topics().predictions(), Consumed.with(keys, serdes.prediction())
                        .withTimestampExtractor(new EventTimeExtractor()).withName("predictions-source"))
                .mapValues(InputValidation::prediction, Named.as("validate-predictions"))
                .map((entityId, p) -> KeyValue.pair(p.getEventId(), JoinInput.of(p)), Named.as("predictions-by-event-id"));
        KStream<String, JoinInput> labels = builder
                .stream(config.topics().labels(), Consumed.with(keys, serdes.label())
                        .withTimestampExtractor(new EventTimeExtractor()).withName("labels-source"))
                .mapValues(InputValidation::label, Named.as("validate-labels"))
                .map((eventId, l) -> KeyValue.pair(l.getEventId(), JoinInput.of(l)), Named.as("labels-by-event-id"));

        // The window size of a store used as a time index is irrelevant; entries sit at their record time.
        builder.addStateStore(Stores.windowStoreBuilder(Stores.persistentWindowStore(LabelJoinProcessor.PREDICTIONS_STORE,
                join.predictionRetention(), Duration.ofMillis(1), false), keys, InternalSerdes.pendingPredictions()));
        builder.addStateStore(Stores.windowStoreBuilder(Stores.persistentWindowStore(LabelJoinProcessor.LABELS_STORE,
                join.labelRetention(), Duration.ofMillis(1), false), keys, InternalSerdes.pendingLabel()));

        return predictions.merge(labels, Named.as("join-inputs"))
                .repartition(Repartitioned.<String, JoinInput>as("join-input-by-event-id")
                        .withKeySerde(keys).withValueSerde(InternalSerdes.joinInput()))
                .process(() -> new LabelJoinProcessor(join), Named.as("join-labels"),
                        LabelJoinProcessor.PREDICTIONS_STORE, LabelJoinProcessor.LABELS_STORE);
    }

    private static KStream<String, WindowReport> servedMonitors(KStream<String, JoinOutcome> outcomes, DriftConfig config,
            BaselineCache baselines) {
        Serde<String> keys = Serdes.String();
        WindowLimits limits = config.limits();
        ServedWindowAggregator aggregator = new ServedWindowAggregator(limits);
        ServedWindowMetrics metrics = new ServedWindowMetrics(limits);
        KStream<Windowed<String>, ServedWindow> closed = outcomes
                .filter((eventId, o) -> o.kind() == JoinOutcome.Kind.ACCEPTED, Named.as("accepted-predictions"))
                .map((eventId, o) -> KeyValue.pair(modelKey(o.prediction()), o.prediction()), Named.as("served-by-model-key"))
                .repartition(Repartitioned.<String, Prediction>as("served-by-model")
                        .withKeySerde(keys).withValueSerde(InternalSerdes.prediction()))
                .processValues(() -> WindowProcessors.attachBaseline(baselines), Named.as("served-with-baseline"))
                .groupByKey(Grouped.<String, ServedInput>as("served-grouped").withKeySerde(keys))
                .windowedBy(TimeWindows.ofSizeAndGrace(config.windowSize(), config.windowGrace()))
                .aggregate(ServedWindow::new,
                        (modelKey, in, window) -> aggregator.add(window, in.prediction(), in.baseline()),
                        Named.as("served-window-aggregate"),
                        Materialized.<String, ServedWindow, WindowStore<Bytes, byte[]>>as(SERVED_WINDOW_STORE)
                                .withKeySerde(keys).withValueSerde(InternalSerdes.servedWindow()))
                .suppress(Suppressed.untilWindowCloses(Suppressed.BufferConfig.unbounded()).withName("served-window-final"))
                .toStream(Named.as("served-window-closed"));
        Dashboard.recordScores(closed, baselines);
        return closed.process(() -> WindowProcessors.closeWindow(baselines, metrics::evaluate, "served"),
                Named.as("served-window-metrics"));
    }

    private static KStream<String, WindowReport> performanceMonitors(KStream<String, JoinOutcome> outcomes,
            DriftConfig config, DriftSerdes serdes, BaselineCache baselines) {
        Serde<String> keys = Serdes.String();
        WindowLimits limits = config.limits();
        PerformanceWindowAggregator aggregator = new PerformanceWindowAggregator(limits);
        PerformanceWindowMetrics metrics = new PerformanceWindowMetrics(limits);
        KStream<String, JoinOutcome> labelOutcomes = outcomes
                .filter((eventId, o) -> o.kind() != JoinOutcome.Kind.ACCEPTED, Named.as("label-outcomes"));

        labelOutcomes.filter((eventId, o) -> o.kind() == JoinOutcome.Kind.LABELED, Named.as("labeled-pairs"))
                .processValues(DriftTopology::labeledPrediction, Named.as("to-labeled-prediction"))
                .to(config.topics().labeledPredictions(),
                        Produced.with(keys, serdes.labeledPrediction()).withName("labeled-predictions-sink"));

        // Outcomes are timestamped with the prediction's event time and become final up to the label
        // delay later, so this window's grace covers that delay (JoinSettings.outcomeGrace).
        return labelOutcomes
                .map((eventId, o) -> KeyValue.pair(modelKey(o.prediction()), o), Named.as("performance-by-model-key"))
                .repartition(Repartitioned.<String, JoinOutcome>as("performance-by-model")
                        .withKeySerde(keys).withValueSerde(InternalSerdes.joinOutcome()))
                .groupByKey(Grouped.<String, JoinOutcome>as("performance-grouped")
                        .withKeySerde(keys).withValueSerde(InternalSerdes.joinOutcome()))
                .windowedBy(TimeWindows.ofSizeAndGrace(config.windowSize(), config.joinSettings().outcomeGrace()))
                .aggregate(PerformanceWindow::new,
                        (modelKey, o, window) -> switch (o.kind()) {
                            case LABELED -> aggregator.addLabeled(window, o.prediction(), o.label());
                            case UNLABELED -> aggregator.addUnlabeled(window);
                            case LATE -> aggregator.addLate(window);
                            case ACCEPTED -> window;
                        },
                        Named.as("performance-window-aggregate"),
                        Materialized.<String, PerformanceWindow, WindowStore<Bytes, byte[]>>as(PERFORMANCE_WINDOW_STORE)
                                .withKeySerde(keys).withValueSerde(InternalSerdes.performanceWindow()))
                .suppress(Suppressed.untilWindowCloses(Suppressed.BufferConfig.unbounded())
                        .withName("performance-window-final"))
                .toStream(Named.as("performance-window-closed"))
                .process(() -> WindowProcessors.closeWindow(baselines, metrics::evaluate, "performance"),
                        Named.as("performance-window-metrics"));
    }

    private static FixedKeyProcessor<String, JoinOutcome, LabeledPrediction> labeledPrediction() {
        return new FixedKeyProcessor<>() {
            private FixedKeyProcessorContext<String, LabeledPrediction> context;

            @Override
            public void init(FixedKeyProcessorContext<String, LabeledPrediction> context) {
                this.context = context;
            }

            @Override
            public void process(FixedKeyRecord<String, JoinOutcome> record) {
                JoinOutcome o = record.value();
                context.forward(record.withValue(
                        AvroRecords.labeledPrediction(o.prediction(), o.label(), context.currentSystemTimeMs())));
            }
        };
    }

    private static String modelKey(Prediction p) {
        return ModelKeys.of(p.getModelName(), p.getModelVersion());
    }
}
