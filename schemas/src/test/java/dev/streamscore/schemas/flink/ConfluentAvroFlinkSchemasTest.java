package dev.streamscore.schemas.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamscore.avro.Prediction;
import dev.streamscore.schemas.SchemaFixtures;
import dev.streamscore.schemas.registry.InMemorySchemaRegistryClient;
import dev.streamscore.schemas.registry.SchemaRegistryClientConfig;
import dev.streamscore.schemas.registry.SchemaRegistryClientFactory;
import dev.streamscore.schemas.serde.ConfluentAvroDeserializer;
import dev.streamscore.schemas.serde.SubjectNameStrategy;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.junit.jupiter.api.Test;

class ConfluentAvroFlinkSchemasTest {
    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();

    @Test
    void specificRecordsRoundTripAndKafkaClientsReadThem() throws Exception {
        SerializationSchema<Prediction> out = ConfluentAvroFlinkSchemas.specificSerializer(
                Prediction.class, "predictions", SubjectNameStrategy.TOPIC_NAME, true, () -> registry);
        DeserializationSchema<Prediction> in = ConfluentAvroFlinkSchemas.specificDeserializer(Prediction.class, () -> registry);
        Prediction prediction = SchemaFixtures.prediction("e-5");

        byte[] bytes = out.serialize(prediction);

        assertThat(in.deserialize(bytes)).isEqualTo(prediction);
        try (ConfluentAvroDeserializer<Prediction> kafka = new ConfluentAvroDeserializer<>(registry, Prediction.class)) {
            assertThat(kafka.deserialize("predictions", bytes)).isEqualTo(prediction);
        }
    }

    @Test
    void genericRecordsOfAProducerSchemaRoundTrip() throws Exception {
        GenericRecord click = SchemaFixtures.click("c-1", 2.0);
        SerializationSchema<GenericRecord> out = ConfluentAvroFlinkSchemas.genericSerializer(
                SchemaFixtures.CLICK_V1, "clicks", SubjectNameStrategy.RECORD_NAME, true, () -> registry);
        DeserializationSchema<GenericRecord> in = ConfluentAvroFlinkSchemas.genericDeserializer(SchemaFixtures.CLICK_V2, () -> registry);

        GenericRecord read = in.deserialize(out.serialize(click));

        assertThat(registry.subjects()).containsExactly("com.example.web.Click");
        assertThat(read.get("click_id").toString()).isEqualTo("c-1");
        assertThat(read.get("referrer").toString()).as("default of the newer reader schema").isEqualTo("direct");
    }

    @Test
    void schemasShipWithTheJobGraph() throws Exception {
        SerializationSchema<Prediction> schema = ConfluentAvroFlinkSchemas.specificSerializer(
                Prediction.class, "predictions", SubjectNameStrategy.TOPIC_NAME, true,
                SchemaRegistryClientFactory.of(SchemaRegistryClientConfig.of("http://127.0.0.1:8081")));
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(buffer)) {
            out.writeObject(schema);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(buffer.toByteArray()))) {
            assertThat(in.readObject()).isEqualTo(schema);
        }
    }
}
