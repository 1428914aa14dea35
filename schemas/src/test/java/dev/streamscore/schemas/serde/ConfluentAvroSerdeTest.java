package dev.streamscore.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamscore.avro.Label;
import dev.streamscore.avro.Prediction;
import dev.streamscore.schemas.SchemaFixtures;
import dev.streamscore.schemas.registry.IncompatibleSchemaException;
import dev.streamscore.schemas.registry.InMemorySchemaRegistryClient;
import dev.streamscore.schemas.registry.SchemaNotFoundException;
import dev.streamscore.schemas.wire.WireFormatException;
import java.time.Instant;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class ConfluentAvroSerdeTest {
    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();

    @Test
    void specificRecordsRoundTrip() {
        try (SpecificAvroSerde<Prediction> serde = new SpecificAvroSerde<>(registry, Prediction.class)) {
            Prediction prediction = SchemaFixtures.prediction("e-1");
            byte[] bytes = serde.serializer().serialize("predictions", prediction);
            assertThat(serde.deserializer().deserialize("predictions", bytes)).isEqualTo(prediction);
            assertThat(registry.subjects()).containsExactly("predictions-value");
        }
    }

    @Test
    void genericRecordsOfAnyProducerSchemaRoundTrip() {
        try (GenericAvroSerde serde = new GenericAvroSerde(registry)) {
            GenericRecord click = SchemaFixtures.click("c-1", 3.5);
            byte[] bytes = serde.serializer().serialize("clicks", click);
            GenericRecord back = serde.deserializer().deserialize("clicks", bytes);
            assertThat(back).isEqualTo(click);
            assertThat(back.getSchema()).isEqualTo(SchemaFixtures.CLICK_V1);
        }
    }

    @Test
    void nullIsATombstoneBothWays() {
        try (GenericAvroSerde serde = new GenericAvroSerde(registry)) {
            assertThat(serde.serializer().serialize("clicks", null)).isNull();
            assertThat(serde.deserializer().deserialize("clicks", null)).isNull();
        }
    }

    @Test
    void olderWriterSchemaIsResolvedToTheReaderClass() {
        // A Label producer still on a schema from before the optional "source" field was added.
        Schema oldLabel = SchemaBuilder.record("Label").namespace("dev.streamscore.avro").fields()
                .requiredString("event_id")
                .requiredDouble("label")
                .name("label_time").type(org.apache.avro.LogicalTypes.timestampMillis()
                        .addToSchema(Schema.create(Schema.Type.LONG))).noDefault()
                .endRecord();
        GenericRecord old = new GenericData.Record(oldLabel);
        old.put("event_id", "e-9");
        old.put("label", 0.0);
        old.put("label_time", 1_700_000_000_000L);
        byte[] bytes;
        try (ConfluentAvroSerializer<GenericRecord> serializer = new ConfluentAvroSerializer<>(registry)) {
            bytes = serializer.serialize("labels", old);
        }
        try (ConfluentAvroDeserializer<Label> deserializer = new ConfluentAvroDeserializer<>(registry, Label.class)) {
            Label label = deserializer.deserialize("labels", bytes);
            assertThat(label.getEventId()).isEqualTo("e-9");
            assertThat(label.getLabelTime()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_000L));
            assertThat(label.getSource()).isNull();
        }
    }

    @Test
    void specificReaderFromConfigFindsTheGeneratedClass() {
        byte[] bytes;
        try (SpecificAvroSerde<Label> serde = new SpecificAvroSerde<>(registry, Label.class)) {
            bytes = serde.serializer().serialize("labels", SchemaFixtures.vectorLabel());
        }
        try (ConfluentAvroDeserializer<Object> deserializer = new ConfluentAvroDeserializer<>(registry)) {
            deserializer.configure(Map.of("specific.avro.reader", "true"), false);
            assertThat(deserializer.deserialize("labels", bytes)).isInstanceOf(Label.class).isEqualTo(SchemaFixtures.vectorLabel());
        }
    }

    @Test
    void subjectStrategyComesFromConfig() {
        try (ConfluentAvroSerializer<GenericRecord> serializer = new ConfluentAvroSerializer<>(registry)) {
            serializer.configure(Map.of("value.subject.name.strategy",
                    "io.confluent.kafka.serializers.subject.TopicRecordNameStrategy"), false);
            serializer.serialize("clicks", SchemaFixtures.click("c-1", 1.0));
        }
        assertThat(registry.subjects()).containsExactly("clicks-com.example.web.Click");
    }

    @Test
    void withoutAutoRegisterAnUnregisteredSchemaIsAnError() {
        try (ConfluentAvroSerializer<GenericRecord> serializer = new ConfluentAvroSerializer<>(registry)) {
            serializer.configure(Map.of("auto.register.schemas", "false"), false);
            assertThatThrownBy(() -> serializer.serialize("clicks", SchemaFixtures.click("c-1", 1.0)))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("clicks-value")
                    .hasCauseInstanceOf(SchemaNotFoundException.class);
        }
    }

    @Test
    void anIncompatibleSchemaIsRefusedWithTheSubjectNamed() {
        try (ConfluentAvroSerializer<GenericRecord> serializer = new ConfluentAvroSerializer<>(registry)) {
            serializer.serialize("clicks", SchemaFixtures.click("c-1", 1.0));
            GenericRecord broken = new GenericData.Record(SchemaFixtures.CLICK_INCOMPATIBLE);
            broken.put("click_id", "c-2");
            broken.put("ts", 1L);
            broken.put("page", 7L);
            broken.put("device", SchemaFixtures.click("x", 1.0).get("device"));
            assertThatThrownBy(() -> serializer.serialize("clicks", broken))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("clicks-value")
                    .hasCauseInstanceOf(IncompatibleSchemaException.class);
        }
    }

    @Test
    void garbageBytesAreASerializationExceptionNamingTheProblem() {
        try (GenericAvroSerde serde = new GenericAvroSerde(registry)) {
            assertThatThrownBy(() -> serde.deserializer().deserialize("clicks", "{\"json\":true}".getBytes()))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("clicks")
                    .cause().isInstanceOfSatisfying(WireFormatException.class,
                            e -> assertThat(e.kind()).isEqualTo(WireFormatException.Kind.BAD_MAGIC_BYTE));
        }
    }

    @Test
    void primitivesAreWrittenWithTheirAvroSchemaAsConfluentDoes() {
        try (ConfluentAvroSerializer<Object> serializer = new ConfluentAvroSerializer<>(registry);
                ConfluentAvroDeserializer<Object> deserializer = new ConfluentAvroDeserializer<>(registry)) {
            serializer.configure(Map.of(), true);
            byte[] key = serializer.serialize("clicks", "user-7");
            // Magic byte, id 1, then Avro string "user-7": zigzag length 12 (0x0c) and the UTF-8 bytes.
            assertThat(java.util.HexFormat.of().formatHex(key)).isEqualTo("00000000010c757365722d37");
            assertThat(registry.subjects()).containsExactly("clicks-key");
            assertThat(deserializer.deserialize("clicks", key).toString()).isEqualTo("user-7");
            assertThat(deserializer.deserialize("counts", serializer.serialize("counts", 42L))).isEqualTo(42L);
        }
    }

    @Test
    void nonAvroValuesAreRefused() {
        try (ConfluentAvroSerializer<Object> serializer = new ConfluentAvroSerializer<>(registry)) {
            assertThatThrownBy(() -> serializer.serialize("clicks", new java.util.Date()))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("java.util.Date");
        }
    }
}
