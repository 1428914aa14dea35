package dev.streamscore.drift.join;

import dev.streamscore.avro.Label;
import dev.streamscore.avro.Prediction;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Rejects input records that decode but cannot be monitored, with a message that names the field;
 * the exception sends the record to the dead-letter topic (Kafka Streams' processing exception
 * handler) and the stream goes on. That includes a record whose event time lies further ahead of
 * the wall clock than the tolerance: {@link EventTimeExtractor} held it back (its timestamp is not
 * its event time), because one such record would otherwise move its partition's event time ahead
 * and make every later record of that partition late.
 */
public final class InputValidation {
    private InputValidation() {
    }

    /** Thrown for a record that cannot be monitored. */
    public static final class InvalidRecordException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public InvalidRecordException(String message) {
            super(message);
        }
    }

    /** Validates predictions, including their event time against {@code futureTolerance}. */
    public static FixedKeyProcessor<String, Prediction, Prediction> predictions(Duration futureTolerance) {
        return validator(futureTolerance, p -> prediction(p).getEventTime(), "Prediction.event_time");
    }

    /** Validates labels, including their label time against {@code futureTolerance}. */
    public static FixedKeyProcessor<String, Label, Label> labels(Duration futureTolerance) {
        return validator(futureTolerance, l -> label(l).getLabelTime(), "Label.label_time");
    }

    private interface TimeOf<V> {
        Instant validatedTime(V value);
    }

    private static <V> FixedKeyProcessor<String, V, V> validator(Duration futureTolerance, TimeOf<V> timeOf, String field) {
        return new FixedKeyProcessor<>() {
            private FixedKeyProcessorContext<String, V> context;

            @Override
            public void init(FixedKeyProcessorContext<String, V> context) {
                this.context = context;
            }

            @Override
            public void process(FixedKeyRecord<String, V> record) {
                Instant time = timeOf.validatedTime(record.value());
                if (record.timestamp() != time.toEpochMilli()) {
                    Duration ahead = Duration.between(Instant.now(), time);
                    throw new InvalidRecordException(field + " " + time + " is " + ahead.toSeconds()
                            + " s ahead of the wall clock, more than the tolerance of " + futureTolerance.toSeconds()
                            + " s (future-tolerance): a wrong clock or unit at the producer");
                }
                context.forward(record);
            }
        };
    }

    public static Prediction prediction(Prediction p) {
        if (p == null) {
            throw new InvalidRecordException("Prediction is null (a tombstone on the predictions topic)");
        }
        requireText(p.getEventId(), "Prediction.event_id");
        requireText(p.getModelName(), "Prediction.model_name");
        requireText(p.getModelVersion(), "Prediction.model_version");
        if (p.getModelName().contains("@") || p.getModelVersion().contains("@")) {
            throw new InvalidRecordException("Prediction.model_name and model_version must not contain '@', were '"
                    + p.getModelName() + "' and '" + p.getModelVersion() + "'");
        }
        if (!Double.isFinite(p.getScore())) {
            throw new InvalidRecordException("Prediction.score must be a finite number, was " + p.getScore()
                    + " (event " + p.getEventId() + ")");
        }
        if (p.getEventTime() == null) {
            throw new InvalidRecordException("Prediction.event_time is missing (event " + p.getEventId() + ")");
        }
        return p;
    }

    public static Label label(Label l) {
        if (l == null) {
            throw new InvalidRecordException("Label is null (a tombstone on the labels topic)");
        }
        requireText(l.getEventId(), "Label.event_id");
        if (!Double.isFinite(l.getLabel())) {
            throw new InvalidRecordException("Label.label must be a finite number, was " + l.getLabel()
                    + " (event " + l.getEventId() + ")");
        }
        if (l.getLabelTime() == null) {
            throw new InvalidRecordException("Label.label_time is missing (event " + l.getEventId() + ")");
        }
        return l;
    }

    private static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new InvalidRecordException(field + " is empty");
        }
    }
}
