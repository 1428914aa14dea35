package dev.streamscore.scoring.core;

import dev.streamscore.schemas.registry.SchemaRegistryException;
import dev.streamscore.schemas.wire.AvroWireCodec;
import dev.streamscore.schemas.wire.WireFormatException;
import dev.streamscore.scoring.io.RawEvent;
import org.apache.avro.generic.GenericRecord;

/**
 * Decodes a feature event's value, in the Confluent wire format, into the producer's record with
 * its own writer schema (looked up in the registry by id, cached), or says why it cannot.
 */
public final class EventDecoder {
    private final AvroWireCodec codec;

    public EventDecoder(AvroWireCodec codec) {
        this.codec = codec;
    }

    /** The record, or the reason and message of a dead letter: exactly one of the two is set. */
    public record Decoded(GenericRecord record, DeadLetterReason reason, String message) {
        static Decoded of(GenericRecord record) {
            return new Decoded(record, null, null);
        }

        static Decoded failed(DeadLetterReason reason, String message) {
            return new Decoded(null, reason, message);
        }
    }

    public Decoded decode(RawEvent event) {
        if (event.value == null) {
            return Decoded.failed(DeadLetterReason.EMPTY, "The record has no value (a tombstone?)");
        }
        try {
            return Decoded.of((GenericRecord) codec.decode(event.value, null, false));
        } catch (WireFormatException e) {
            return Decoded.failed(DeadLetterReason.of(e.kind()), e.getMessage());
        } catch (SchemaRegistryException e) {
            return Decoded.failed(DeadLetterReason.REGISTRY_UNAVAILABLE, e.getMessage());
        } catch (RuntimeException e) {
            return Decoded.failed(DeadLetterReason.DECODE_ERROR, e.toString());
        }
    }
}
