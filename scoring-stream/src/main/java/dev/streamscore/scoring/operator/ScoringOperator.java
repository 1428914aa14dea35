package dev.streamscore.scoring.operator;

import dev.streamscore.avro.Alert;
import dev.streamscore.avro.ModelRole;
import dev.streamscore.avro.ModelUpdate;
import dev.streamscore.avro.Prediction;
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
import dev.streamscore.scoring.model.ModelSlots;
import dev.streamscore.scoring.model.RejectedUpdateAlert;
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
 * {@link #DEAD_LETTERS}) with a reason. {@link ModelSlots} decides whether a model update changes
 * what is served (signature, published after the last accepted one of its role, bundle verified
 * and smoke-tested); a rejected update leaves the old model serving and emits an {@link Alert}
 * (side output {@link #ALERTS}). The models in use and the last accepted update per role are kept
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

    private final ScoringSettings settings;

    private transient AvroWireCodec codec;
    private transient ModelSlots models;
    private transient Map<ModelRole, PendingBatch> batches;
    private transient ListState<ModelUpdate> servingState;
    private transient ListState<ModelUpdate> acceptedState;
    private transient List<ModelUpdate> restored;
    private transient List<ModelUpdate> restoredAccepted;
    private transient long flushTimerAt;
    private transient ScoringMetrics metrics;

    public ScoringOperator(ScoringSettings settings) {
        this.settings = settings;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        servingState = context.getOperatorStateStore().getUnionListState(
                new ListStateDescriptor<>("serving-models", new AvroTypeInfo<>(ModelUpdate.class)));
        // The last update accepted per role, retirements included: replays stay refused after a restore.
        acceptedState = context.getOperatorStateStore().getUnionListState(
                new ListStateDescriptor<>("accepted-model-updates", new AvroTypeInfo<>(ModelUpdate.class)));
        restored = new ArrayList<>();
        restoredAccepted = new ArrayList<>();
        if (context.isRestored()) {
            servingState.get().forEach(restored::add);
            acceptedState.get().forEach(restoredAccepted::add);
        }
    }

    @Override
    public void open() throws Exception {
        super.open();
        codec = new AvroWireCodec(settings.registry().create());
        PublicKey trustedKey = settings.modelPublicKey() == null ? null : ModelSignatures.publicKey(settings.modelPublicKey());
        models = new ModelSlots(trustedKey, ModelLoader::load);
        batches = new EnumMap<>(ModelRole.class);
        flushTimerAt = -1;
        metrics = new ScoringMetrics(getMetricGroup().addGroup("streamscore"), models.view());
        List<ModelSlots.Outcome> failures = models.restore(restored, restoredAccepted);
        if (restored.isEmpty() && settings.initialModel() != null) {
            try {
                models.installLocal(initialUpdate(settings.initialModel()));
            } catch (ModelLoadException e) {
                // A bad --model-dir is a configuration error: fail at start with the reason.
                throw new IllegalArgumentException("Initial model: " + e.getMessage(), e);
            }
        }
        failures.forEach(this::rejectUpdate);
        restored = null;
        restoredAccepted = null;
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
        PendingBatch batch = batches.get(model.role());
        if (batch == null || batch.model != model) {
            // A new model in this role: its predecessor's batch was scored before the swap.
            batch = new PendingBatch(model, settings.maxBatchSize());
            batches.put(model.role(), batch);
        }
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
            rejectUpdate(ModelSlots.Outcome.rejected(ModelSlots.Rejection.MALFORMED, "record " + raw.coordinates(),
                    "Malformed model update: " + e.getMessage()));
            return;
        }
        // Score what is waiting with the models it was vectorized for, then change them.
        ModelSlots.Outcome outcome = models.apply(update, this::flushAll);
        if (outcome.isRejected()) {
            rejectUpdate(outcome);
        } else if (outcome.change() != ModelSlots.Change.NONE) {
            metrics.modelSwaps.inc();
            LOG.info("Model update {} applied: {}", outcome.subject(), outcome.message());
        } else {
            LOG.info("Model update {} changes nothing: {}", outcome.subject(), outcome.message());
        }
        batches.keySet().removeIf(role -> models.get(role) == null);
    }

    private void rejectUpdate(ModelSlots.Outcome rejection) {
        metrics.rejected(rejection.rejection());
        LOG.error("Model update {} rejected, the models in force keep serving: {}: {}", rejection.subject(),
                rejection.rejection(), rejection.message());
        // Every task sees the broadcast update; one alert is enough.
        if (getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0) {
            long now = System.currentTimeMillis();
            output.collect(ALERTS, new StreamRecord<>(RejectedUpdateAlert.of(rejection, models.get(ModelRole.CHAMPION), now), now));
        }
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
        servingState.update(models.inForce());
        acceptedState.update(models.lastAccepted());
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
            models.close();
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
                .setPublishedBy(ModelSlots.LOCAL_PUBLISHER)
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
        private final Map<ModelSlots.Rejection, Counter> rejectedByReason = new EnumMap<>(ModelSlots.Rejection.class);
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

        void rejected(ModelSlots.Rejection reason) {
            modelUpdatesRejected.inc();
            rejectedByReason.computeIfAbsent(reason,
                    r -> group.addGroup("rejection", r.name()).counter("modelUpdatesRejected")).inc();
        }

        void deadLetter(String kind) {
            deadLetters.inc();
            deadLettersByKind.computeIfAbsent(kind, k -> group.addGroup("deadLetterKind", k).counter("deadLetters")).inc();
        }
    }
}
