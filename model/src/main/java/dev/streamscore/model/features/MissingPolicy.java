package dev.streamscore.model.features;

/**
 * What to do when a feature's value is null (or an empty CSV cell): IMPUTE uses the spec's impute
 * value (numeric; the training median unless set) or no category (categorical: all zeros);
 * REJECT sends the event to the dead-letter topic.
 */
public enum MissingPolicy {
    IMPUTE,
    REJECT
}
