package dev.streamscore.scoring.operator;

import dev.streamscore.avro.Alert;
import dev.streamscore.avro.ModelRole;
import dev.streamscore.avro.ModelUpdate;
import dev.streamscore.avro.Prediction;
import dev.streamscore.schemas.wire.AvroWireCodec;
import dev.streamscore.scoring.core.ScoringCore;
import dev.streamscore.scoring.io.DeadLetter;
import dev.streamscore.scoring.io.RawEvent;
import dev.streamscore.scoring.model.BundleFetcher;
import dev.streamscore.scoring.model.ModelLoader;
import dev.streamscore.scoring.model.ModelSignatures;
import dev.streamscore.scoring.model.ModelSlots;
import dev.streamscore.scoring.updates.ModelUpdateFeed;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.api.java.tuple.Tuple4;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scoring job's operator: Flink's side of scoring, in the task its events source is chained
 * into. The work is done by {@link ScoringCore} (no Flink types); model updates come from a
 * {@link ModelUpdateFeed} each task reads itself, not from a broadcast input (Flink 2.2 never
 * checkpoints a chained source beside a network input). This class keeps Flink's lifecycle: the
 * flush and update-poll timers, scoring what is buffered before every checkpoint barrier and at
 * the end of input (nothing buffered is lost or scored twice), the models in force and the feed's
 * positions in operator state (a restore neither loses nor repeats an update);
 * {@link OperatorOutputs} emits predictions, {@link #DEAD_LETTERS} and {@link #ALERTS}. Object reuse
 * is safe: every emitted record is new, and the source's deserializer builds a new {@link RawEvent}
 * per Kafka record, so pending events are never reused.
 */
public final class ScoringOperator extends AbstractStreamOperator<Prediction>
        implements OneInputStreamOperator<RawEvent, Prediction>, BoundedOneInput {
    private static final long serialVersionUID = 1L;
    /** Named after this class, not AbstractStreamOperator, so its lines can be found and filtered. */
    private static final Logger LOG = LoggerFactory.getLogger(ScoringOperator.class);

    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("dead-letters", TypeInformation.of(DeadLetter.class));
    public static final OutputTag<Alert> ALERTS = new OutputTag<>("model-alerts", new AvroTypeInfo<>(Alert.class));

    /** How often each task looks for new model updates: the longest a published update waits. */
    static final Duration UPDATE_POLL = Duration.ofMillis(200);
    /** How long a task reads the model-updates topic to its end before it scores its first event. */
    static final Duration UPDATE_CATCH_UP = Duration.ofSeconds(30);

    private final ScoringSettings settings;
    /** Null when the job reads no updates (a replay scores a fixed range with one model). */
    private final ModelUpdateFeed.Factory updates;

    private transient ScoringCore core;
    private transient ListState<ModelUpdate> servingState;
    private transient ListState<ModelUpdate> acceptedState;
    private transient ListState<Tuple4<Integer, Integer, Integer, Long>> positionsState;
    private transient Map<Integer, Long> restoredPositions;
    private transient ModelUpdateFeed feed;
    private transient List<ModelUpdate> restored;
    private transient List<ModelUpdate> restoredAccepted;
    private transient long flushTimerAt;
    private transient ScoringMetrics metrics;

    public ScoringOperator(ScoringSettings settings, ModelUpdateFeed.Factory updates) {
        this.settings = settings;
        this.updates = updates;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        servingState = context.getOperatorStateStore().getUnionListState(
                new ListStateDescriptor<>("serving-models", new AvroTypeInfo<>(ModelUpdate.class)));
        // The last update accepted per role, retirements included: replays stay refused after a restore.
        acceptedState = context.getOperatorStateStore().getUnionListState(
                new ListStateDescriptor<>("accepted-model-updates", new AvroTypeInfo<>(ModelUpdate.class)));
        positionsState = UpdatePositions.state(context.getOperatorStateStore());
        restored = new ArrayList<>();
        restoredAccepted = new ArrayList<>();
        restoredPositions = new HashMap<>();
        if (context.isRestored()) {
            servingState.get().forEach(restored::add);
            acceptedState.get().forEach(restoredAccepted::add);
            restoredPositions = UpdatePositions.restore(positionsState.get(), subtask(), parallelism());
        }
    }

    @Override
    public void open() throws Exception {
        super.open();
        PublicKey trustedKey = settings.modelPublicKey() == null ? null : ModelSignatures.publicKey(settings.modelPublicKey());
        ModelSlots models = new ModelSlots(trustedKey, new ModelLoader(new BundleFetcher(Path.of(settings.modelCacheDir()))));
        metrics = new ScoringMetrics(getMetricGroup().addGroup("streamscore"), models.view());
        core = new ScoringCore(new AvroWireCodec(settings.registry().create()), models, settings.maxBatchSize(),
                settings.servedFeatures(), new OperatorOutputs(output, metrics, subtask() == 0, () -> core.model(ModelRole.CHAMPION)));
        flushTimerAt = -1;
        core.restore(restored, restoredAccepted, settings.initialModel());
        core.modelsView().values().forEach(model -> LOG.info("{}{}", ScoringCore.SERVING, model.describe()));
        restored = null;
        restoredAccepted = null;
        if (updates != null) {
            feed = updates.open(restoredPositions, "streamscore-scoring-model-updates-" + subtask());
            feed.catchUp(UPDATE_CATCH_UP).forEach(update -> core.applyUpdate(update, now()));
            schedulePoll();
        }
    }

    private void schedulePoll() {
        getProcessingTimeService().registerTimer(now() + UPDATE_POLL.toMillis(), time -> {
            feed.poll().forEach(update -> core.applyUpdate(update, now()));
            schedulePoll();
        });
    }

    @Override
    public void processElement(StreamRecord<RawEvent> element) {
        metrics.eventsIn.inc();
        core.score(element.getValue(), now());
        ensureFlushTimer();
    }

    private void ensureFlushTimer() {
        if (flushTimerAt >= 0 || !core.hasPending()) {
            return;
        }
        flushTimerAt = now() + settings.maxWaitMillis();
        getProcessingTimeService().registerTimer(flushTimerAt, time -> {
            flushTimerAt = -1;
            core.flushAll(now());
        });
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        // Emitted before the barrier, so they belong to this checkpoint: nothing buffered is in state.
        core.flushAll(now());
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        servingState.update(core.inForce());
        acceptedState.update(core.lastAccepted());
        if (feed != null) {
            positionsState.update(UpdatePositions.of(feed.positions(), subtask(), parallelism()));
        }
    }

    @Override
    public void endInput() {
        core.flushAll(now());
    }

    @Override
    public void finish() throws Exception {
        core.flushAll(now());
        super.finish();
    }

    @Override
    public void close() throws Exception {
        if (feed != null) {
            feed.close();
        }
        if (core != null) {
            core.close();
        }
        super.close();
    }

    private int subtask() {
        return getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
    }

    private int parallelism() {
        return getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks();
    }

    private long now() {
        return getProcessingTimeService().getCurrentProcessingTime();
    }
}
