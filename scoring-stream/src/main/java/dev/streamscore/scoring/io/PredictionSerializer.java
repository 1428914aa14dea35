package dev.streamscore.scoring.io;

import dev.streamscore.avro.Prediction;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes a {@link Prediction} keyed by its entity id (so one entity's predictions stay in order in
 * one partition), timestamped with the event time, the value in the Confluent wire format.
 */
public final class PredictionSerializer extends SingleTopicSerializer<Prediction> {
    private static final long serialVersionUID = 1L;

    private final SerializationSchema<Prediction> valueSchema;

    public PredictionSerializer(String topic, SerializationSchema<Prediction> valueSchema) {
        super(topic);
        this.valueSchema = valueSchema;
    }

    @Override
    public void open(SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) throws Exception {
        valueSchema.open(context);
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(Prediction prediction, KafkaSinkContext context, Long timestamp) {
        byte[] key = prediction.getEntityId() == null ? null : prediction.getEntityId().getBytes(StandardCharsets.UTF_8);
        return new ProducerRecord<>(topic, null, prediction.getEventTime().toEpochMilli(), key,
                valueSchema.serialize(prediction));
    }
}
