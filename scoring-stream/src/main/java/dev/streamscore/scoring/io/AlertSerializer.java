package dev.streamscore.scoring.io;

import dev.streamscore.avro.Alert;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Writes an {@link Alert} keyed by model@version, the value in the Confluent wire format. */
public final class AlertSerializer extends SingleTopicSerializer<Alert> {
    private static final long serialVersionUID = 1L;

    private final SerializationSchema<Alert> valueSchema;

    public AlertSerializer(String topic, SerializationSchema<Alert> valueSchema) {
        super(topic);
        this.valueSchema = valueSchema;
    }

    @Override
    public void open(SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) throws Exception {
        valueSchema.open(context);
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(Alert alert, KafkaSinkContext context, Long timestamp) {
        byte[] key = (alert.getModelName() + "@" + alert.getModelVersion()).getBytes(StandardCharsets.UTF_8);
        return new ProducerRecord<>(topic, null, alert.getCreatedTime().toEpochMilli(), key, valueSchema.serialize(alert));
    }
}
