package dev.streamscore.drift.join;

import dev.streamscore.avro.Label;
import dev.streamscore.avro.Prediction;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Event time from the records themselves: a prediction's event_time, a label's label_time, so
 * windows and the join do not depend on when producers happened to write. Anything else (a record
 * that will be rejected) keeps its Kafka timestamp, or the partition time when it has none.
 */
public final class EventTimeExtractor implements TimestampExtractor {
    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        Object value = record.value();
        if (value instanceof Prediction p && p.getEventTime() != null) {
            return p.getEventTime().toEpochMilli();
        }
        if (value instanceof Label l && l.getLabelTime() != null) {
            return l.getLabelTime().toEpochMilli();
        }
        return record.timestamp() >= 0 ? record.timestamp() : Math.max(0, partitionTime);
    }
}
