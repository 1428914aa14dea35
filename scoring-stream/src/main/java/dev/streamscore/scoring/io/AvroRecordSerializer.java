package dev.streamscore.scoring.io;

import dev.streamscore.avro.Alert;
import dev.streamscore.avro.Prediction;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes an Avro record to one topic: the value in the Confluent wire format, the key as UTF-8
 * text, and the record's own time as the Kafka timestamp.
 */
public final class AvroRecordSerializer<T> extends SingleTopicSerializer<T> {
    private static final long serialVersionUID = 1L;

    private final SerializationSchema<T> valueSchema;
    private final SerializableFunction<T, String> key;
    private final SerializableFunction<T, Long> timestamp;

    public AvroRecordSerializer(String topic, SerializationSchema<T> valueSchema, SerializableFunction<T, String> key,
            SerializableFunction<T, Long> timestamp) {
        super(topic);
        this.valueSchema = valueSchema;
        this.key = key;
        this.timestamp = timestamp;
    }

    /** Predictions keyed by entity id (one entity's predictions stay in order), at event time. */
    public static AvroRecordSerializer<Prediction> predictions(String topic, SerializationSchema<Prediction> values) {
        return new AvroRecordSerializer<>(topic, values, Prediction::getEntityId, p -> p.getEventTime().toEpochMilli());
    }

    /** Alerts keyed by model@version, at the time they were raised. */
    public static AvroRecordSerializer<Alert> alerts(String topic, SerializationSchema<Alert> values) {
        return new AvroRecordSerializer<>(topic, values, a -> a.getModelName() + "@" + a.getModelVersion(),
                a -> a.getCreatedTime().toEpochMilli());
    }

    @Override
    public void open(SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) throws Exception {
        valueSchema.open(context);
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(T record, KafkaSinkContext context, Long ignored) {
        String keyText = key.apply(record);
        return new ProducerRecord<>(topic, null, timestamp.apply(record),
                keyText == null ? null : keyText.getBytes(StandardCharsets.UTF_8), valueSchema.serialize(record));
    }
}
