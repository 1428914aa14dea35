package dev.streamscore.scoring.core;

import dev.streamscore.model.features.FeatureException;
import dev.streamscore.schemas.wire.WireFormatException;

/**
 * Why an event went to the dead-letter topic instead of being scored: the
 * {@code streamscore.error.kind} header of every dead letter, and a label of the dead-letter metric.
 */
public enum DeadLetterReason {
    /** The record has no value (a tombstone), or the value has no bytes. */
    EMPTY,
    /** Fewer than the 5 bytes of the Confluent wire format's header. */
    TRUNCATED_HEADER,
    /** Not Confluent wire format: the first byte is not 0. */
    BAD_MAGIC_BYTE,
    /** The schema id in the header is not known to the registry. */
    UNKNOWN_SCHEMA_ID,
    /** The Avro payload does not decode with the writer schema its header names. */
    BAD_PAYLOAD,
    /** The writer schema cannot be read as the reader schema. */
    INCOMPATIBLE_SCHEMA,
    /** The registry did not answer for the writer schema (the event can be replayed later). */
    REGISTRY_UNAVAILABLE,
    /** Decoding failed in a way none of the above names. */
    DECODE_ERROR,
    /** No champion model is loaded yet. */
    NO_MODEL,
    /** The record has no field at a feature's source path: its schema does not fit the model. */
    MISSING_FIELD,
    /** A feature's value is null and its policy rejects nulls. */
    MISSING_VALUE,
    /** NaN, an infinity or text that is not a number, for a numeric feature. */
    INVALID_NUMBER,
    /** A value of a type the feature cannot use. */
    WRONG_TYPE,
    /** A category outside the vocabulary of a feature without an out-of-vocabulary bucket. */
    UNKNOWN_CATEGORY,
    /** The model failed to score the batch the event was in. */
    MODEL_ERROR;

    public static DeadLetterReason of(WireFormatException.Kind kind) {
        return valueOf(kind.name());
    }

    public static DeadLetterReason of(FeatureException.Kind kind) {
        return valueOf(kind.name());
    }
}
