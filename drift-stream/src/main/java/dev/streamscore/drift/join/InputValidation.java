package dev.streamscore.drift.join;

import dev.streamscore.avro.Label;
import dev.streamscore.avro.Prediction;

/**
 * Rejects input records that decode but cannot be monitored, with a message that names the field;
 * the exception sends the record to the dead-letter topic (Kafka Streams' processing exception
 * handler) and the stream goes on.
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
