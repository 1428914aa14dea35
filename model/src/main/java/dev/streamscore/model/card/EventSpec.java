package dev.streamscore.model.card;

import java.util.List;

/**
 * Where the scoring job finds an event's identity in the producer's record.
 *
 * @param idField    field holding the event id (copied to Prediction.event_id; null: topic-partition-offset)
 * @param timeField  field holding the event time (a timestamp-millis long; null: the Kafka timestamp)
 * @param attributes fields passed through to Prediction.attributes unchanged (segments for bias monitoring)
 */
public record EventSpec(String idField, String timeField, List<String> attributes) {
    public EventSpec {
        attributes = attributes == null ? List.of() : List.copyOf(attributes);
    }
}
