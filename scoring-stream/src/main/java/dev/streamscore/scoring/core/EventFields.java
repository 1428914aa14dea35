package dev.streamscore.scoring.core;

import dev.streamscore.model.card.EventSpec;
import dev.streamscore.model.features.FieldReader;
import dev.streamscore.schemas.wire.AvroWireCodec;
import dev.streamscore.schemas.wire.ConfluentWireFormat;
import dev.streamscore.scoring.io.RawEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;

/** Reads an event's identity (id, entity, time, pass-through attributes) as the model card says. */
final class EventFields {
    private EventFields() {
    }

    static String eventId(EventSpec spec, FieldReader record, RawEvent event) {
        if (spec.idField() != null && record.has(spec.idField())) {
            Object id = record.get(spec.idField());
            if (id != null && !id.toString().isEmpty()) {
                return id.toString();
            }
        }
        return event.coordinates();
    }

    /**
     * The entity id from the record key: text as most producers write it, or, for a key in the
     * Confluent wire format (an Avro key serializer), the decoded key's text form (a string key's
     * string, a record key as JSON). A wire-format key the registry cannot decode stays text.
     */
    static String entityId(RawEvent event, AvroWireCodec codec) {
        if (event.key == null) {
            return null;
        }
        if (event.key.length >= ConfluentWireFormat.HEADER_SIZE && event.key[0] == ConfluentWireFormat.MAGIC_BYTE) {
            try {
                Object key = codec.decode(event.key, null, false);
                return key == null ? null : key.toString();
            } catch (RuntimeException e) {
                // Not Avro after all (a binary key that starts with 0): use the bytes as text below.
            }
        }
        return new String(event.key, StandardCharsets.UTF_8);
    }

    /** The event-time field as epoch millis (long, Instant or ISO text), else the Kafka timestamp. */
    static long eventTime(EventSpec spec, FieldReader record, RawEvent event) {
        if (spec.timeField() != null && record.has(spec.timeField())) {
            Object time = record.get(spec.timeField());
            if (time instanceof Number millis) {
                return millis.longValue();
            }
            if (time instanceof Instant instant) {
                return instant.toEpochMilli();
            }
            if (time instanceof CharSequence text) {
                try {
                    return Instant.parse(text).toEpochMilli();
                } catch (DateTimeParseException e) {
                    // Not a timestamp we can read: fall back to the broker's, as for a missing field.
                }
            }
        }
        return event.timestamp;
    }

    static Map<String, String> attributes(EventSpec spec, FieldReader record) {
        if (spec.attributes().isEmpty()) {
            return Map.of();
        }
        Map<String, String> values = new HashMap<>();
        for (String field : spec.attributes()) {
            if (record.has(field)) {
                Object value = record.get(field);
                if (value != null) {
                    values.put(field, value.toString());
                }
            }
        }
        return values;
    }
}
