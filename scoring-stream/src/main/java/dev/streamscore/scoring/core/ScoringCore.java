package dev.streamscore.scoring.core;

import dev.streamscore.avro.ModelRole;
import dev.streamscore.avro.ModelUpdate;
import dev.streamscore.model.features.AvroFieldReader;
import dev.streamscore.model.features.FieldReader;
import dev.streamscore.schemas.wire.AvroWireCodec;
import dev.streamscore.scoring.io.DeadLetter;
import dev.streamscore.scoring.io.RawEvent;
import dev.streamscore.scoring.model.ModelLoadException;
import dev.streamscore.scoring.model.ModelSlots;
import dev.streamscore.scoring.model.ServingModel;
import dev.streamscore.scoring.model.TrafficRouter;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scoring without Flink: an event becomes a prediction or a dead letter ({@link EventDecoder},
 * {@link TrafficRouter}, {@link MicroBatcher}), and a model update changes what is served or is
 * rejected ({@link ModelSlots}). One task's thread owns it; the caller decides when batches are
 * scored ({@link #flushAll}) and where results go ({@link Output}).
 */
public final class ScoringCore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ScoringCore.class);
    /** Starts the log line of every model a scoring task starts serving; `streamscore demo` waits for it. */
    public static final String SERVING = "Serving model ";

    /** The batcher's results, and what happens to model updates. */
    public interface Output extends MicroBatcher.Output {
        void updateRejected(ModelSlots.Outcome rejection);

        void updateAccepted(ModelSlots.Outcome outcome);
    }

    private final AvroWireCodec codec;
    private final EventDecoder decoder;
    private final ModelSlots models;
    private final MicroBatcher batcher;
    private final Output output;

    /**
     * @param codec  reads events and updates in the Confluent wire format; its registry client is
     *               closed with this
     * @param models the model slots, with their signature key and loader
     */
    public ScoringCore(AvroWireCodec codec, ModelSlots models, int maxBatchSize, boolean servedFeatures, Output output) {
        this.codec = codec;
        this.decoder = new EventDecoder(codec);
        this.models = models;
        this.batcher = new MicroBatcher(maxBatchSize, servedFeatures, codec, output);
        this.output = output;
    }

    /**
     * Serves the models of a checkpoint, or the {@code --model-dir} bundle when there were none.
     *
     * @throws IllegalArgumentException when the {@code --model-dir} bundle cannot be served
     */
    public void restore(List<ModelUpdate> inForce, List<ModelUpdate> accepted, String initialModelDir) {
        List<ModelSlots.Outcome> failures = models.restore(inForce, accepted);
        if (inForce.isEmpty() && initialModelDir != null) {
            try {
                models.installLocal(InitialModel.update(initialModelDir));
            } catch (ModelLoadException e) {
                throw new IllegalArgumentException("Initial model: " + e.getMessage(), e);
            }
        }
        failures.forEach(output::updateRejected);
    }

    /** Routes the event to its model's batch (and the shadow's), or dead-letters it with the reason. */
    public void score(RawEvent event, long now) {
        ServingModel champion = models.get(ModelRole.CHAMPION);
        if (champion == null && event.value != null) {
            output.deadLetter(new DeadLetter(event, DeadLetterReason.NO_MODEL, "No champion model is loaded yet: publish "
                    + "one to the model-updates topic or start the job with --model-dir", null));
            return;
        }
        EventDecoder.Decoded decoded = decoder.decode(event);
        if (decoded.record() == null) {
            output.deadLetter(new DeadLetter(event, decoded.reason(), decoded.message(), null));
            return;
        }
        FieldReader fields = new AvroFieldReader(decoded.record());
        ServingModel challenger = models.get(ModelRole.CHALLENGER);
        ServingModel served = challenger != null && TrafficRouter.toChallenger(event.key, challenger.update().getTrafficShare())
                ? challenger : champion;
        ServingModel shadow = models.get(ModelRole.SHADOW);
        if (batcher.enqueue(served, fields, event, true, now) && shadow != null) {
            batcher.enqueue(shadow, fields, event, false, now);
        }
    }

    /** Applies a model-updates record; what is buffered is scored with the old models first. */
    public void applyUpdate(RawEvent raw, long now) {
        if (raw.value == null) {
            LOG.info("Ignoring a model-updates tombstone at {}", raw.coordinates());
            return;
        }
        ModelUpdate update;
        try {
            update = (ModelUpdate) codec.decode(raw.value, ModelUpdate.getClassSchema(), true);
        } catch (RuntimeException e) {
            output.updateRejected(ModelSlots.Outcome.rejected(ModelSlots.Rejection.MALFORMED, "record " + raw.coordinates(),
                    "Malformed model update: " + e.getMessage()));
            return;
        }
        ModelSlots.Outcome outcome = models.apply(update, () -> batcher.flushAll(now));
        if (outcome.isRejected()) {
            output.updateRejected(outcome);
        } else {
            output.updateAccepted(outcome);
        }
        batcher.retainRoles(role -> models.get(role) != null);
    }

    public boolean hasPending() {
        return batcher.hasPending();
    }

    /** Scores every pending batch. */
    public void flushAll(long now) {
        batcher.flushAll(now);
    }

    public ServingModel model(ModelRole role) {
        return models.get(role);
    }

    /** A live read-only view of the models in force, for gauges. */
    public Map<ModelRole, ServingModel> modelsView() {
        return models.view();
    }

    /** For a checkpoint: the updates of the models in force. */
    public List<ModelUpdate> inForce() {
        return models.inForce();
    }

    /** For a checkpoint: the last accepted update per role. */
    public List<ModelUpdate> lastAccepted() {
        return models.lastAccepted();
    }

    @Override
    public void close() {
        models.close();
        codec.registry().close();
    }
}
