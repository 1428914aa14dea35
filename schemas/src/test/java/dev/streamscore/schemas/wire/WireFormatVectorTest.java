package dev.streamscore.schemas.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamscore.avro.Label;
import dev.streamscore.schemas.SchemaFixtures;
import dev.streamscore.schemas.flink.ConfluentAvroFlinkSchemas;
import dev.streamscore.schemas.registry.InMemorySchemaRegistryClient;
import dev.streamscore.schemas.serde.ConfluentAvroSerializer;
import dev.streamscore.schemas.serde.SubjectNameStrategy;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A fixed test vector, written by hand from the Confluent wire format and the Avro binary encoding
 * specs, that every serializer here must reproduce byte for byte; that is what lets our records be
 * read by Confluent, Apicurio, Karapace and Redpanda clients, and theirs by us.
 */
class WireFormatVectorTest {
    /** Label{event_id="e-1", label=1.0, label_time=1700000000000, source=null} as schema id 42. */
    static final String VECTOR = String.join("",
            "00",                 // magic byte
            "0000002a",           // schema id 42, big-endian
            "06", "652d31",       // event_id: length 3 (zigzag 6), "e-1"
            "000000000000f03f",   // label: 1.0 as little-endian IEEE 754 double
            "80a0abfef962",       // label_time: 1700000000000 as zigzag varint
            "00");                // source: union branch 0 (null)

    @Test
    void codecWritesTheVector() {
        AvroWireCodec codec = new AvroWireCodec(new InMemorySchemaRegistryClient());
        byte[] bytes = codec.encode(42, Label.getClassSchema(), SchemaFixtures.vectorLabel());
        assertThat(HexFormat.of().formatHex(bytes)).isEqualTo(VECTOR);
    }

    @Test
    void kafkaSerializerWritesTheVector() {
        try (ConfluentAvroSerializer<Label> serializer = new ConfluentAvroSerializer<>(new InMemorySchemaRegistryClient(42))) {
            serializer.configure(Map.of(), false);
            byte[] bytes = serializer.serialize("labels", SchemaFixtures.vectorLabel());
            assertThat(HexFormat.of().formatHex(bytes)).isEqualTo(VECTOR);
        }
    }

    @Test
    void flinkSerializationSchemaWritesTheVector() throws Exception {
        InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient(42);
        var schema = ConfluentAvroFlinkSchemas.specificSerializer(
                Label.class, "labels", SubjectNameStrategy.TOPIC_NAME, true, () -> registry);
        byte[] bytes = schema.serialize(SchemaFixtures.vectorLabel());
        assertThat(HexFormat.of().formatHex(bytes)).isEqualTo(VECTOR);
        assertThat(registry.subjects()).containsExactly("labels-value");
    }

    @Test
    void theVectorDecodesToTheRecord() {
        InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient(42);
        registry.register("labels-value", Label.getClassSchema());
        AvroWireCodec codec = new AvroWireCodec(registry);
        Object decoded = codec.decode(HexFormat.of().parseHex(VECTOR), Label.getClassSchema(), true);
        assertThat(decoded).isEqualTo(SchemaFixtures.vectorLabel());
    }

    @Test
    void headerErrorsSayWhatIsWrong() {
        assertThatThrownBy(() -> ConfluentWireFormat.schemaId(new byte[0]))
                .isInstanceOfSatisfying(WireFormatException.class, e -> assertThat(e.kind()).isEqualTo(WireFormatException.Kind.EMPTY));
        assertThatThrownBy(() -> ConfluentWireFormat.schemaId("{\"a\":1}".getBytes()))
                .isInstanceOfSatisfying(WireFormatException.class,
                        e -> assertThat(e.kind()).isEqualTo(WireFormatException.Kind.BAD_MAGIC_BYTE))
                .hasMessageContaining("0x7b");
        assertThatThrownBy(() -> ConfluentWireFormat.schemaId(new byte[] {0, 0, 1}))
                .isInstanceOfSatisfying(WireFormatException.class,
                        e -> assertThat(e.kind()).isEqualTo(WireFormatException.Kind.TRUNCATED_HEADER));
        assertThat(ConfluentWireFormat.schemaId(HexFormat.of().parseHex("0000012345"))).isEqualTo(0x12345);
    }

    @Test
    void unknownIdAndBadPayloadAreNamed() {
        InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient(42);
        AvroWireCodec codec = new AvroWireCodec(registry);
        assertThatThrownBy(() -> codec.decode(HexFormat.of().parseHex(VECTOR), null, false))
                .isInstanceOfSatisfying(WireFormatException.class,
                        e -> assertThat(e.kind()).isEqualTo(WireFormatException.Kind.UNKNOWN_SCHEMA_ID))
                .hasMessageContaining("42");

        registry.register("labels-value", Label.getClassSchema());
        byte[] cut = HexFormat.of().parseHex(VECTOR.substring(0, 16));
        assertThatThrownBy(() -> codec.decode(cut, null, false))
                .isInstanceOfSatisfying(WireFormatException.class,
                        e -> assertThat(e.kind()).isEqualTo(WireFormatException.Kind.BAD_PAYLOAD));
    }
}
