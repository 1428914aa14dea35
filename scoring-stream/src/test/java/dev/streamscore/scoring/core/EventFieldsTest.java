package dev.streamscore.scoring.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamscore.model.card.EventSpec;
import dev.streamscore.model.features.AvroFieldReader;
import dev.streamscore.scoring.io.RawEvent;
import java.time.Instant;
import java.util.List;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class EventFieldsTest {
    private static final EventSpec SPEC = new EventSpec("event_id", "event_time", List.of());
    private static final Instant WHEN = Instant.parse("2026-11-30T03:25:40.123456Z");
    private static final RawEvent EVENT = new RawEvent(null, new byte[0], "payments", 0, 7, 1_000L);

    /** Producers write event times in whichever unit their tools use; each must give the same instant. */
    @Test
    void readsTheEventTimeInTheUnitItsSchemaSays() {
        long micros = WHEN.getEpochSecond() * 1_000_000L + WHEN.getNano() / 1_000;
        assertThat(eventTime(LogicalTypes.timestampMicros(), micros)).isEqualTo(WHEN.toEpochMilli());
        assertThat(eventTime(LogicalTypes.timestampMillis(), WHEN.toEpochMilli())).isEqualTo(WHEN.toEpochMilli());
        assertThat(eventTime(LogicalTypes.timestampNanos(), micros * 1_000L)).isEqualTo(WHEN.toEpochMilli());
        assertThat(eventTime(null, WHEN.toEpochMilli())).as("a plain long is taken as milliseconds")
                .isEqualTo(WHEN.toEpochMilli());
    }

    @Test
    void aMissingEventTimeIsTheKafkaTimestamp() {
        GenericRecord record = new GenericData.Record(SchemaBuilder.record("Payment").fields()
                .requiredString("event_id").endRecord());
        record.put("event_id", "e-1");
        assertThat(EventFields.eventTime(SPEC, new AvroFieldReader(record), EVENT)).isEqualTo(1_000L);
    }

    private static long eventTime(org.apache.avro.LogicalType unit, long value) {
        Schema time = Schema.create(Schema.Type.LONG);
        if (unit != null) {
            unit.addToSchema(time);
        }
        GenericRecord record = new GenericData.Record(SchemaBuilder.record("Payment").fields()
                .requiredString("event_id").name("event_time").type(time).noDefault().endRecord());
        record.put("event_id", "e-1");
        record.put("event_time", value);
        return EventFields.eventTime(SPEC, new AvroFieldReader(record), EVENT);
    }
}
