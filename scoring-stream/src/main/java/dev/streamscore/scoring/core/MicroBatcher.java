package dev.streamscore.scoring.core;

import dev.streamscore.avro.ModelRole;
import dev.streamscore.avro.Prediction;
import dev.streamscore.model.features.FeatureException;
import dev.streamscore.model.features.FieldReader;
import dev.streamscore.schemas.wire.AvroWireCodec;
import dev.streamscore.scoring.io.DeadLetter;
import dev.streamscore.scoring.io.RawEvent;
import dev.streamscore.scoring.model.ServingModel;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns events into predictions in batches, one pending batch per model role: an event is
 * vectorized by its model's feature spec into that model's batch, and a batch is scored with one
 * TensorFlow call when it is full or when {@link #flushAll} is called (by a timer, before a
 * checkpoint barrier, before a model changes, at the end of input). Every event enqueued ends as
 * exactly one prediction or one dead letter, handed to the {@link Output}.
 */
public final class MicroBatcher {
    private static final Logger LOG = LoggerFactory.getLogger(MicroBatcher.class);

    /** Where results go; the scoring operator's outputs and metrics. */
    public interface Output {
        void prediction(Prediction prediction, long eventTime);

        void deadLetter(DeadLetter deadLetter);

        /** A shadow model could not vectorize an event (it is not dead-lettered: the champion answered). */
        void shadowRejected();

        void batchScored(int rows, long micros);
    }

    private final int maxBatchSize;
    private final boolean servedFeatures;
    private final AvroWireCodec codec;
    private final Output output;
    private final Map<ModelRole, PendingBatch> batches = new EnumMap<>(ModelRole.class);

    /**
     * @param servedFeatures whether predictions carry the raw feature values served
     * @param codec          to read Avro-encoded record keys as entity ids
     */
    public MicroBatcher(int maxBatchSize, boolean servedFeatures, AvroWireCodec codec, Output output) {
        this.maxBatchSize = maxBatchSize;
        this.servedFeatures = servedFeatures;
        this.codec = codec;
        this.output = output;
    }

    /**
     * Vectorizes the event into its model's batch, scoring the batch if that fills it.
     *
     * @param served     whether the prediction answers the event (champion or challenger) rather than
     *                   shadows it: only a served event that cannot be vectorized is dead-lettered
     * @param scoredTime the time to stamp on predictions if the batch is scored now
     * @return false when the event could not be vectorized
     */
    public boolean enqueue(ServingModel model, FieldReader fields, RawEvent event, boolean served, long scoredTime) {
        PendingBatch batch = batches.get(model.role());
        if (batch == null || batch.model != model) {
            // A new model in this role: its predecessor's batch was scored before the change.
            batch = new PendingBatch(model, maxBatchSize);
            batches.put(model.role(), batch);
        }
        Map<String, Object> values = new HashMap<>();
        try {
            model.vectorizer().vectorize(fields, batch.features, batch.nextOffset(), values);
        } catch (FeatureException e) {
            if (served) {
                output.deadLetter(new DeadLetter(event, DeadLetterReason.of(e.kind()), e.getMessage(), model.describe()));
            } else {
                output.shadowRejected();
            }
            return false;
        }
        var spec = model.card().event();
        batch.add(new PendingBatch.Row(event, EventFields.eventId(spec, fields, event), EventFields.entityId(event, codec),
                EventFields.eventTime(spec, fields, event), servedFeatures ? values : Map.of(),
                EventFields.attributes(spec, fields)));
        if (batch.size() >= maxBatchSize) {
            flush(batch, scoredTime);
        }
        return true;
    }

    public boolean hasPending() {
        return batches.values().stream().anyMatch(batch -> !batch.isEmpty());
    }

    /** Scores every pending batch now. */
    public void flushAll(long scoredTime) {
        for (PendingBatch batch : batches.values()) {
            if (!batch.isEmpty()) {
                flush(batch, scoredTime);
            }
        }
    }

    /** Forgets the batches of roles no model serves any more (their events were scored before the change). */
    public void retainRoles(Predicate<ModelRole> served) {
        batches.keySet().removeIf(role -> !served.test(role));
    }

    private void flush(PendingBatch batch, long scoredTimeMillis) {
        int rows = batch.size();
        float[] scores = new float[rows];
        long started = System.nanoTime();
        try {
            batch.model.scorer().score(batch.features, rows, scores);
        } catch (RuntimeException e) {
            LOG.error("Model {} failed to score a batch of {}: {}", batch.model.describe(), rows, e.toString());
            if (batch.model.role() != ModelRole.SHADOW) {
                for (PendingBatch.Row row : batch.rows) {
                    output.deadLetter(new DeadLetter(row.event(), DeadLetterReason.MODEL_ERROR, e.toString(),
                            batch.model.describe()));
                }
            }
            batch.clear();
            return;
        }
        output.batchScored(rows, (System.nanoTime() - started) / 1_000);
        Instant scoredTime = Instant.ofEpochMilli(scoredTimeMillis);
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
            output.prediction(prediction, row.eventTime());
        }
        batch.clear();
    }
}
