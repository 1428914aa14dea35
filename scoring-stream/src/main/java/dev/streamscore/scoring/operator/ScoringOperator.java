package dev.streamscore.scoring.operator;

import dev.streamscore.avro.Alert;
import dev.streamscore.avro.AlertState;
import dev.streamscore.avro.ModelRole;
import dev.streamscore.avro.ModelUpdate;
import dev.streamscore.avro.Prediction;
import dev.streamscore.avro.Severity;
import dev.streamscore.model.bundle.ModelBundle;
import dev.streamscore.model.features.AvroFieldReader;
import dev.streamscore.model.features.FeatureException;
import dev.streamscore.model.features.FieldReader;
import dev.streamscore.schemas.registry.SchemaRegistryException;
import dev.streamscore.schemas.wire.AvroWireCodec;
import dev.streamscore.schemas.wire.WireFormatException;
import dev.streamscore.scoring.io.DeadLetter;
import dev.streamscore.scoring.io.RawEvent;
import dev.streamscore.scoring.model.ModelLoadException;
import dev.streamscore.scoring.model.ModelLoader;
import dev.streamscore.scoring.model.ModelSignatures;
import dev.streamscore.scoring.model.ServingModel;
import dev.streamscore.scoring.model.TrafficRouter;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedMultiInput;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The heart of the scoring job. Input 1: feature events as raw bytes; input 2: model updates as raw
 * bytes, broadcast to every task. For each event it decodes the producer's record through the
 * registry (writer schema by id, cached), picks the model that answers it (champion, or the
 * challenger for its hash share of entities; a shadow scores every event too), vectorizes it by
 * that model's feature spec into the model's pending batch, and scores the batch with TensorFlow
 * when it is full, when its oldest event has waited {@code maxWaitMillis}, before every
 * checkpoint barrier and at the end of input, so no buffered event is ever lost or scored twice.
 *
 * <p>Every event becomes a {@link Prediction} (main output) or a {@link DeadLetter} (side output
 * {@link #DEAD_LETTERS}) with a reason. A model update is loaded and verified (checksum, card,
 * smoke batch) before it replaces the current model of its role; a rejected update leaves the old
 * model serving and emits an {@link Alert} (side output {@link #ALERTS}). The models in use are kept
 * in operator state and reloaded on restore.
 *
 * <p>The job runs with object reuse on, which this operator allows: every record it emits is new
 * and never changed after it is collected. The events it holds in a pending batch arrive over the
 * network from the source task, where Flink always deserializes into fresh objects; were the source
 * ever chained into this operator, {@code enqueue} would have to copy them.
 */
public final class ScoringOperator extends AbstractStreamOperator<Prediction>
        implements TwoInputStreamOperator<RawEvent, RawEvent, Prediction>, BoundedMultiInput {
    private static final long serialVersionUID = 1L;
    /** Named after this class, not AbstractStreamOperator, so its lines can be found and filtered. */
    private static final Logger LOG = LoggerFactory.getLogger(ScoringOperator.class);

    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("dead-letters", TypeInformation.of(DeadLetter.class));
    public static final OutputTag<Alert> ALERTS = new OutputTag<>("model-alerts", new AvroTypeInfo<>(Alert.class));

    private static final String INITIAL_MODEL_PUBLISHER = "--model-dir";

    private final ScoringSettings settings;

    private transient AvroWireCodec codec;
    private transient Map<ModelRole, ServingModel> models;
    private transient Map<ModelRole, PendingBatch> batches;
    private transient ListState<ModelUpdate> servingState;
    private transient List<ModelUpdate> restored;
    private transient long flushTimerAt;
    private transient ScoringMetrics metrics;
    private transient PublicKey trustedKey;

    public ScoringOperator(ScoringSettings settings) {
        this.settings = settings;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        servingState = context.getOperatorStateStore().getUnionListState(
                new ListStateDescriptor<>("serving-models", new AvroTypeInfo<>(ModelUpdate.class)));
        restored = new ArrayList<>();
        if (context.isRestored()) {
            for (ModelUpdate update : servingState.get()) {
                restored.add(update);
            }
        }
    }

    @Override
    public void open() throws Exception {
        super.open();
        codec = new AvroWireCodec(settings.registry().create());
        trustedKey = settings.modelPublicKey() == null ? null : ModelSignatures.publicKey(settings.modelPublicKey());
        models = new EnumMap<>(ModelRole.class);
        batches = new EnumMap<>(ModelRole.class);
        flushTimerAt = -1;
        metrics = new ScoringMetrics(getMetricGroup().addGroup("streamscore"), models);
        // Union state holds every task's copy: keep the newest update per role.
        Map<ModelRole, ModelUpdate> newest = new EnumMap<>(ModelRole.class);
        for (ModelUpdate update : restored) {
            newest.merge(update.getRole(), update,
                    (a, b) -> a.getPublishedTime().isAfter(b.getPublishedTime()) ? a : b);
        }
        if (newest.isEmpty() && settings.initialModel() != null) {
            newest.put(ModelRole.CHAMPION, initialUpdate(settings.initialModel()));
        }
        for (ModelUpdate update : newest.values()) {
            try {
                // The --model-dir model is the operator's own configuration, not a signed update.
                boolean local = INITIAL_MODEL_PUBLISHER.equals(update.getPublishedBy());
                install(ModelLoader.load(update, local ? null : trustedKey));
            } catch (ModelLoadException e) {
                if (update.getRole() == ModelRole.CHAMPION && restored.isEmpty()) {
                    // A bad --model-dir is a configuration error: fail at start with the reason.
                    throw new IllegalArgumentException("Initial model: " + e.getMessage(), e);
                }
                LOG.error("Cannot reload the {} model after restore; it is not served: {}", update.getRole(), e.getMessage());
                rejectUpdate(update.getModelName() + "@" + update.getModelVersion(), e.getMessage());
            }
        }
        restored = null;
    }

    // ---- input 1: feature events -------------------------------------------------------------

    @Override
    public void processElement1(StreamRecord<RawEvent> element) {
        RawEvent event = element.getValue();
        metrics.eventsIn.inc();
        if (event.value == null) {
            deadLetter(event, "EMPTY", "The record has no value (a tombstone?)", null);
            return;
        }
        ServingModel champion = models.get(ModelRole.CHAMPION);
        if (champion == null) {
            deadLetter(event, "NO_MODEL", "No champion model is loaded yet: publish one to the model-updates topic "
                    + "or start the job with --model-dir", null);
            return;
        }
        GenericRecord record;
        try {
            record = (GenericRecord) codec.decode(event.value, null, false);
        } catch (WireFormatException e) {
            deadLetter(event, e.kind().name(), e.getMessage(), null);
            return;
        } catch (SchemaRegistryException e) {
            deadLetter(event, "REGISTRY_UNAVAILABLE", e.getMessage(), null);
            return;
        } catch (RuntimeException e) {
            deadLetter(event, "DECODE_ERROR", e.toString(), null);
            return;
        }
        FieldReader fields = new AvroFieldReader(record);
        ServingModel challenger = models.get(ModelRole.CHALLENGER);
        ServingModel served = challenger != null && TrafficRouter.toChallenger(event.key, challenger.update().getTrafficShare())
                ? challenger : champion;
        if (!enqueue(served, fields, event, true)) {
            return;
        }
        ServingModel shadow = models.get(ModelRole.SHADOW);
        if (shadow != null) {
            enqueue(shadow, fields, event, false);
        }
        ensureFlushTimer();
    }

    /** Vectorizes the event into the model's batch; false when it went to the dead letters instead. */
    private boolean enqueue(ServingModel model, FieldReader fields, RawEvent event, boolean served) {
        PendingBatch batch = batches.computeIfAbsent(model.role(), r -> new PendingBatch(model, settings.maxBatchSize()));
        Map<String, Object> values = new HashMap<>();
        try {
            model.vectorizer().vectorize(fields, batch.features, batch.nextOffset(), values);
        } catch (FeatureException e) {
            if (served) {
                deadLetter(event, e.kind().name(), e.getMessage(), model.describe());
            } else {
                metrics.shadowRejected.inc();
            }
            return false;
        }
        var spec = model.card().event();
        batch.add(new PendingBatch.Row(event, EventFields.eventId(spec, fields, event), EventFields.entityId(event, codec),
                EventFields.eventTime(spec, fields, event), settings.servedFeatures() ? values : Map.of(),
                EventFields.attributes(spec, fields)));
        if (batch.size() >= settings.maxBatchSize()) {
            flush(batch);
        }
        return true;
    }

    private void ensureFlushTimer() {
        if (flushTimerAt >= 0 || batches.values().stream().allMatch(PendingBatch::isEmpty)) {
            return;
        }
        long now = getProcessingTimeService().getCurrentProcessingTime();
        flushTimerAt = now + settings.maxWaitMillis();
        getProcessingTimeService().registerTimer(flushTimerAt, time -> {
            flushTimerAt = -1;
            flushAll();
        });
    }

    // ---- scoring -------------------------------------------------------------------------------

    private void flushAll() {
        for (PendingBatch batch : batches.values()) {
            if (!batch.isEmpty()) {
                flush(batch);
            }
        }
    }

    private void flush(PendingBatch batch) {
        int rows = batch.size();
        float[] scores = new float[rows];
        long started = System.nanoTime();
        try {
            batch.model.scorer().score(batch.features, rows, scores);
        } catch (RuntimeException e) {
            LOG.error("Model {} failed to score a batch of {}: {}", batch.model.describe(), rows, e.toString());
            if (batch.model.role() != ModelRole.SHADOW) {
                for (PendingBatch.Row row : batch.rows) {
                    deadLetter(row.event(), "MODEL_ERROR", e.toString(), batch.model.describe());
                }
            }
            batch.clear();
            return;
        }
        metrics.scoringMicros.update((System.nanoTime() - started) / 1_000);
        metrics.batchSize.update(rows);
        Instant scoredTime = Instant.ofEpochMilli(getProcessingTimeService().getCurrentProcessingTime());
        var card = batch.model.card();
        var outputSpec = card.output();
        for (int i = 0; i < rows; i++) {
            PendingBatch.Row row = batch.rows.get(i);
            Prediction prediction = Prediction.newBuilder()
                    .setEventId(row.eventId())
                    .setEntityId(row.entityId())
                    .setModelName(card.name())
                    .setModelVersion(card.version())
                    .setRole(batch.model.role())
                    .setScore(scores[i])
                    .setScores(List.of())
                    .setDecision(outputSpec.decide(scores[i]))
                    .setDecisionThreshold(outputSpec.threshold())
                    .setEventTime(Instant.ofEpochMilli(row.eventTime()))
                    .setScoredTime(scoredTime)
                    .setFeatures(row.served())
                    .setAttributes(row.attributes())
                    .setSourceTopic(row.event().topic)
                    .setSourcePartition(row.event().partition)
                    .setSourceOffset(row.event().offset)
                    .build();
            output.collect(new StreamRecord<>(prediction, row.eventTime()));
        }
        metrics.predictionsOut.inc(rows);
        batch.clear();
    }

    // ---- input 2: model updates ----------------------------------------------------------------

    @Override
    public void processElement2(StreamRecord<RawEvent> element) {
        RawEvent raw = element.getValue();
        if (raw.value == null) {
            LOG.info("Ignoring a model-updates tombstone at {}", raw.coordinates());
            return;
        }
        ModelUpdate update;
        try {
            update = (ModelUpdate) codec.decode(raw.value, ModelUpdate.getClassSchema(), true);
        } catch (RuntimeException e) {
            rejectUpdate("record " + raw.coordinates(), "Malformed model update: " + e.getMessage());
            return;
        }
        ServingModel current = models.get(update.getRole());
        if (update.getRetired()) {
            flushAll();
            if (current != null && current.card().name().equals(update.getModelName())) {
                LOG.info("Retiring {}", current.describe());
                models.remove(update.getRole());
                batches.remove(update.getRole());
                current.close();
            }
            return;
        }
        if (current != null && sameVersion(current.update(), update)) {
            // The compacted topic is re-read after a restart: an update already in force changes nothing.
            current.update().setTrafficShare(update.getTrafficShare());
            return;
        }
        ServingModel loaded;
        try {
            loaded = ModelLoader.load(update, trustedKey);
        } catch (ModelLoadException e) {
            rejectUpdate(update.getModelName() + "@" + update.getModelVersion(), e.getMessage());
            return;
        }
        // Score what is waiting with the models it was vectorized for, then swap.
        flushAll();
        install(loaded);
        if (current != null) {
            current.close();
        }
    }

    private void install(ServingModel model) {
        models.put(model.role(), model);
        batches.put(model.role(), new PendingBatch(model, settings.maxBatchSize()));
        metrics.modelSwaps.inc();
        LOG.info("Serving {} (traffic share {})", model.describe(), model.update().getTrafficShare());
    }

    private static boolean sameVersion(ModelUpdate a, ModelUpdate b) {
        return a.getModelName().equals(b.getModelName()) && a.getModelVersion().equals(b.getModelVersion())
                && a.getChecksum().equalsIgnoreCase(b.getChecksum());
    }

    private void rejectUpdate(String what, String reason) {
        metrics.modelUpdatesRejected.inc();
        LOG.error("Model update rejected, the current model keeps serving: {}", reason);
        // Every task sees the broadcast update; one alert is enough.
        if (getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() != 0) {
            return;
        }
        long now = System.currentTimeMillis();
        ServingModel champion = models.get(ModelRole.CHAMPION);
        Alert alert = Alert.newBuilder()
                .setAlertId("model-update-rejected/" + what + "/" + now)
                .setModelName(champion != null ? champion.card().name() : what)
                .setModelVersion(champion != null ? champion.card().version() : "none")
                .setKind("model_update")
                .setSeverity(Severity.CRITICAL)
                .setState(AlertState.FIRING)
                .setRule("model-update-rejected")
                .setMetric("model_update_rejected")
                .setValue(1.0)
                .setThreshold(0.0)
                .setWindowStart(Instant.ofEpochMilli(now))
                .setWindowEnd(Instant.ofEpochMilli(now))
                .setSampleSize(0)
                .setMessage("Model update " + what + " rejected; "
                        + (champion != null ? champion.describe() + " keeps serving" : "no model is serving") + ". " + reason)
                .setCreatedTime(Instant.ofEpochMilli(now))
                .build();
        output.collect(ALERTS, new StreamRecord<>(alert, now));
    }

    // ---- lifecycle -----------------------------------------------------------------------------

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        // Emitted before the barrier, so they belong to this checkpoint: nothing buffered is in state.
        flushAll();
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        List<ModelUpdate> inForce = new ArrayList<>();
        for (ServingModel model : models.values()) {
            inForce.add(model.update());
        }
        servingState.update(inForce);
    }

    @Override
    public void endInput(int inputId) {
        if (inputId == 1) {
            flushAll();
        }
    }

    @Override
    public void finish() throws Exception {
        flushAll();
        super.finish();
    }

    @Override
    public void close() throws Exception {
        if (models != null) {
            for (ServingModel model : models.values()) {
                model.close();
            }
            models.clear();
        }
        if (codec != null) {
            codec.registry().close();
        }
        super.close();
    }

    private void deadLetter(RawEvent event, String kind, String message, String model) {
        metrics.deadLetter(kind);
        output.collect(DEAD_LETTERS, new StreamRecord<>(new DeadLetter(event, kind, message, model), event.timestamp));
    }

    /** The --model-dir bundle as a champion update, trusted as it is (its checksum is computed here). */
    private static ModelUpdate initialUpdate(String directory) {
        ModelBundle bundle;
        try {
            bundle = ModelBundle.load(Path.of(directory));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--model-dir " + directory + ": " + e.getMessage(), e);
        }
        return ModelUpdate.newBuilder()
                .setModelName(bundle.card().name())
                .setModelVersion(bundle.card().version())
                .setRole(ModelRole.CHAMPION)
                .setLocation(Path.of(directory).toAbsolutePath().toString())
                .setChecksum(bundle.checksum())
                .setTrafficShare(1.0)
                .setRetired(false)
                .setPublishedTime(Instant.EPOCH)
                .setPublishedBy(INITIAL_MODEL_PUBLISHER)
                .build();
    }

    /** The operator's metrics, under the {@code streamscore} group. */
    static final class ScoringMetrics {
        final Counter eventsIn;
        final Counter predictionsOut;
        final Counter deadLetters;
        final Counter shadowRejected;
        final Counter modelSwaps;
        final Counter modelUpdatesRejected;
        final Histogram batchSize;
        final Histogram scoringMicros;
        private final MetricGroup group;
        private final Map<String, Counter> deadLettersByKind = new HashMap<>();

        ScoringMetrics(MetricGroup group, Map<ModelRole, ServingModel> models) {
            this.group = group;
            eventsIn = group.counter("eventsIn");
            predictionsOut = group.counter("predictionsOut");
            deadLetters = group.counter("deadLetters");
            shadowRejected = group.counter("shadowRejected");
            modelSwaps = group.counter("modelSwaps");
            modelUpdatesRejected = group.counter("modelUpdatesRejected");
            batchSize = group.histogram("batchSize", new DescriptiveStatisticsHistogram(1000));
            scoringMicros = group.histogram("scoringLatencyMicros", new DescriptiveStatisticsHistogram(1000));
            for (ModelRole role : ModelRole.values()) {
                group.addGroup("role", role.name().toLowerCase(Locale.ROOT)).gauge("modelVersion", () -> {
                    ServingModel model = models.get(role);
                    return model == null ? "none" : model.card().key();
                });
            }
        }

        void deadLetter(String kind) {
            deadLetters.inc();
            deadLettersByKind.computeIfAbsent(kind, k -> group.addGroup("deadLetterKind", k).counter("deadLetters")).inc();
        }
    }
}
