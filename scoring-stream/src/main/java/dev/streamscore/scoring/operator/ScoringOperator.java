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
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
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
 * The scoring job's operator: Flink's side of scoring. Input 1: feature events as raw bytes; input
 * 2: model updates as raw bytes, broadcast to every task. The work is done by {@link ScoringCore}
 * (no Flink types: decoding, routing, micro-batches scored with TensorFlow, model slots). This
 * class keeps Flink's lifecycle: the flush timer, scoring what is buffered before every checkpoint
 * barrier and at the end of input (so no buffered event is ever lost or scored twice), the models
 * in force in operator state; {@link OperatorOutputs} emits predictions (main output),
 * {@link #DEAD_LETTERS} and {@link #ALERTS} (a rejected update).
 *
 * <p>The job runs with object reuse on, which this operator allows: every record it emits is new
 * and never changed after it is collected. The events it holds in a pending batch arrive over the
 * network from the source task, where Flink always deserializes into fresh objects; were the source
 * ever chained into this operator, the batcher would have to copy them.
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

    private transient ScoringCore core;
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
        PublicKey trustedKey = settings.modelPublicKey() == null ? null : ModelSignatures.publicKey(settings.modelPublicKey());
        ModelSlots models = new ModelSlots(trustedKey, new ModelLoader(new BundleFetcher(Path.of(settings.modelCacheDir()))));
        metrics = new ScoringMetrics(getMetricGroup().addGroup("streamscore"), models.view());
        boolean alerting = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0;
        core = new ScoringCore(new AvroWireCodec(settings.registry().create()), models, settings.maxBatchSize(),
                settings.servedFeatures(), new OperatorOutputs(output, metrics, alerting, () -> core.model(ModelRole.CHAMPION)));
        flushTimerAt = -1;
        core.restore(restored, restoredAccepted, settings.initialModel());
        core.modelsView().values().forEach(model -> LOG.info("{}{}", ScoringCore.SERVING, model.describe()));
        restored = null;
        restoredAccepted = null;
    }

    @Override
    public void processElement1(StreamRecord<RawEvent> element) {
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
            flushAll();
        });
    }

    private void flushAll() {
        core.flushAll(now());
    }

    @Override
    public void processElement2(StreamRecord<RawEvent> element) {
        core.applyUpdate(element.getValue(), now());
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        // Emitted before the barrier, so they belong to this checkpoint: nothing buffered is in state.
        flushAll();
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        servingState.update(core.inForce());
        acceptedState.update(core.lastAccepted());
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
        if (core != null) {
            core.close();
        }
        super.close();
    }

    private long now() {
        return getProcessingTimeService().getCurrentProcessingTime();
    }
}
