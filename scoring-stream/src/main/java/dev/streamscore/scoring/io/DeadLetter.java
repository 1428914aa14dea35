package dev.streamscore.scoring.io;

/**
 * An input event the job could not score, with why: written to the dead-letter topic as the
 * original key and value bytes, the reason in headers, so it can be inspected and replayed.
 */
public class DeadLetter {
    public RawEvent event;
    /** A word: BAD_MAGIC_BYTE, UNKNOWN_SCHEMA_ID, MISSING_FIELD, INVALID_NUMBER, NO_MODEL, MODEL_ERROR, ... */
    public String kind;
    public String message;
    /** The model the event was meant for (name@version/ROLE), when one was chosen. */
    public String model;

    public DeadLetter() {
    }

    public DeadLetter(RawEvent event, String kind, String message, String model) {
        this.event = event;
        this.kind = kind;
        this.message = message;
        this.model = model;
    }
}
