package dev.streamscore.scoring.io;

import dev.streamscore.scoring.core.DeadLetterReason;

/**
 * An input event the job could not score, with why: written to the dead-letter topic as the
 * original key and value bytes, the reason in headers, so it can be inspected and replayed.
 */
public class DeadLetter {
    public RawEvent event;
    public DeadLetterReason kind;
    public String message;
    /** The model the event was meant for (name@version/ROLE), when one was chosen. */
    public String model;

    public DeadLetter() {
    }

    public DeadLetter(RawEvent event, DeadLetterReason kind, String message, String model) {
        this.event = event;
        this.kind = kind;
        this.message = message;
        this.model = model;
    }
}
