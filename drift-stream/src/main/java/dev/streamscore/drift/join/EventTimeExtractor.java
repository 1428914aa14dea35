package dev.streamscore.drift.join;

import dev.streamscore.avro.Label;
import dev.streamscore.avro.Prediction;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Event time from the records themselves: a prediction's event_time, a label's label_time, so
 * windows and the join do not depend on when producers happened to write.
 *
 * <p>An event time more than {@code futureTolerance} ahead of this machine's clock is held back:
 * the record gets its partition's current time instead, so it cannot move the partition's event
 * time (and with it the windows) forward, and {@link InputValidation} sends it to the dead-letter
 * topic, recognising it by that difference. Anything else without an event time (a record that will
 * be rejected) keeps its Kafka timestamp, or the partition time when it has none.
 */
public final class EventTimeExtractor implements TimestampExtractor {
    private final long futureToleranceMs;

    public EventTimeExtractor(Duration futureTolerance) {
        this.futureToleranceMs = futureTolerance.toMillis();
    }

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        Instant eventTime = eventTime(record.value());
        if (eventTime != null) {
            long time = eventTime.toEpochMilli();
            return time - System.currentTimeMillis() > futureToleranceMs ? Math.max(0, partitionTime) : time;
        }
        return record.timestamp() >= 0 ? record.timestamp() : Math.max(0, partitionTime);
    }

    private static Instant eventTime(Object value) {
        if (value instanceof Prediction p) {
            return p.getEventTime();
        }
        if (value instanceof Label l) {
            return l.getLabelTime();
        }
        return null;
    }
}
