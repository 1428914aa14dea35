package dev.streamscore.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.streamscore.local.testing.LocalStackExtension;
import dev.streamscore.local.testing.TestStack;
import dev.streamscore.schemas.SchemaFixtures;
import dev.streamscore.schemas.wire.AvroWireCodec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The REST client against a real registry (Apicurio Registry's Confluent-compatible API). */
@ExtendWith(LocalStackExtension.class)
class SchemaRegistryClientIT {
    private static TestStack stack;
    private static SchemaRegistryClient registry;

    @BeforeAll
    static void connect(TestStack testStack) {
        stack = testStack;
        registry = new RestSchemaRegistryClient(SchemaRegistryClientConfig.of(stack.registryUrl()));
    }

    @Test
    void registersLooksUpAndServesSchemas() {
        String subject = stack.topic("clicks") + "-value";
        int id = registry.register(subject, SchemaFixtures.CLICK_V1);

        assertThat(registry.register(subject, SchemaFixtures.CLICK_V1)).as("registering is idempotent").isEqualTo(id);
        assertThat(registry.getById(id)).isEqualTo(SchemaFixtures.CLICK_V1);
        assertThat(registry.subjects()).contains(subject);
        assertThat(registry.versions(subject)).containsExactly(1);

        RegisteredSchema latest = registry.getBySubjectVersion(subject, "latest");
        assertThat(latest.id()).isEqualTo(id);
        assertThat(latest.version()).isEqualTo(1);
        assertThat(latest.schema()).isEqualTo(SchemaFixtures.CLICK_V1);
        assertThat(registry.getBySubjectVersion(subject, "1")).isEqualTo(latest);
        assertThat(registry.lookup(subject, SchemaFixtures.CLICK_V1).id()).isEqualTo(id);

        int v2 = registry.register(subject, SchemaFixtures.CLICK_V2);
        assertThat(v2).isNotEqualTo(id);
        assertThat(registry.versions(subject)).containsExactly(1, 2);
        assertThat(registry.getBySubjectVersion(subject, "latest").schema()).isEqualTo(SchemaFixtures.CLICK_V2);
    }

    @Test
    void checksAndEnforcesCompatibility() {
        String subject = stack.topic("compat") + "-value";
        registry.register(subject, SchemaFixtures.CLICK_V1);
        registry.setCompatibility(subject, CompatibilityLevel.BACKWARD);
        assertThat(registry.getCompatibility(subject)).isEqualTo(CompatibilityLevel.BACKWARD);

        assertThat(registry.testCompatibility(subject, SchemaFixtures.CLICK_V2).compatible()).isTrue();
        assertThat(registry.testCompatibility(subject, SchemaFixtures.CLICK_INCOMPATIBLE).compatible()).isFalse();
        assertThatThrownBy(() -> registry.register(subject, SchemaFixtures.CLICK_INCOMPATIBLE))
                .isInstanceOfSatisfying(IncompatibleSchemaException.class, e -> assertThat(e.httpStatus()).isEqualTo(409))
                .hasMessageContaining(subject);

        assertThat(registry.versions(subject)).containsExactly(1);

        registry.setCompatibility(subject, CompatibilityLevel.FULL_TRANSITIVE);
        assertThat(registry.getCompatibility(subject)).isEqualTo(CompatibilityLevel.FULL_TRANSITIVE);
        // Registries differ on what a subject at NONE does under a stricter global level (Apicurio
        // keeps applying the global rule), so only the round trip of the setting is asserted here.
        registry.setCompatibility(subject, CompatibilityLevel.NONE);
        assertThat(registry.getCompatibility(subject)).isEqualTo(CompatibilityLevel.NONE);
    }

    /**
     * An event schema registered with Confluent schema references (each shared type under its own
     * subject; Address reached twice, directly and through Party). Reading it by id or by subject
     * gives one self-contained schema, and records written with it decode.
     */
    @Test
    void readsASchemaThatReferencesOthersAsOneSchema() {
        String prefix = stack.topic("refs");
        RestSchemaRegistryClient rest = new RestSchemaRegistryClient(SchemaRegistryClientConfig.of(stack.registryUrl()));
        SchemaReference address = new SchemaReference("com.acme.Address", prefix + "-address", 1);
        rest.register(address.subject(), """
                {"type":"record","name":"Address","namespace":"com.acme","fields":[{"name":"country","type":"string"}]}""",
                List.of());
        SchemaReference money = new SchemaReference("com.acme.Money", prefix + "-money", 1);
        rest.register(money.subject(), """
                {"type":"record","name":"Money","namespace":"com.acme","fields":[{"name":"amount","type":"double"},
                {"name":"currency","type":"string"}]}""", List.of());
        SchemaReference party = new SchemaReference("com.acme.Party", prefix + "-party", 1);
        rest.register(party.subject(), """
                {"type":"record","name":"Party","namespace":"com.acme","fields":[{"name":"name","type":"string"},
                {"name":"address","type":"com.acme.Address"}]}""", List.of(address));
        String subject = prefix + "-value";
        int id = rest.register(subject, """
                {"type":"record","name":"Order","namespace":"com.acme","fields":[{"name":"total","type":"com.acme.Money"},
                {"name":"buyer","type":"com.acme.Party"},{"name":"ship_to","type":"com.acme.Address"}]}""",
                List.of(money, party, address));

        Schema order = registry.getById(id);
        assertThat(order.getField("ship_to").schema().getField("country")).as("Address defined in the schema").isNotNull();
        assertThat(order.getField("buyer").schema().getField("address").schema())
                .isSameAs(order.getField("ship_to").schema());
        assertThat(order.getField("total").schema().getField("currency").schema().getType()).isEqualTo(Schema.Type.STRING);
        assertThat(registry.getBySubjectVersion(subject, "latest").schema()).isEqualTo(order);

        GenericRecord shipTo = new GenericRecordBuilder(order.getField("ship_to").schema()).set("country", "NL").build();
        GenericRecord record = new GenericRecordBuilder(order)
                .set("total", new GenericRecordBuilder(order.getField("total").schema()).set("amount", 12.5).set("currency", "EUR").build())
                .set("buyer", new GenericRecordBuilder(order.getField("buyer").schema()).set("name", "Ada").set("address", shipTo).build())
                .set("ship_to", shipTo)
                .build();
        byte[] bytes = new AvroWireCodec(registry).encode(id, order, record);
        // A reader with nothing cached: it fetches the schema and its references by id.
        try (SchemaRegistryClient fresh = new RestSchemaRegistryClient(SchemaRegistryClientConfig.of(stack.registryUrl()))) {
            GenericRecord decoded = (GenericRecord) new AvroWireCodec(fresh).decode(bytes, null, false);
            assertThat(decoded.get("ship_to").toString()).isEqualTo("{\"country\": \"NL\"}");
            assertThat(((GenericRecord) decoded.get("total")).get("amount")).isEqualTo(12.5);
        }
    }

    @Test
    void unknownIdsSubjectsAndSchemasAreNotFound() {
        assertThatThrownBy(() -> registry.getById(987_654_321))
                .isInstanceOf(SchemaNotFoundException.class).hasMessageContaining("987654321");
        String subject = stack.topic("missing") + "-value";
        assertThatThrownBy(() -> registry.versions(subject)).isInstanceOf(SchemaNotFoundException.class);
        registry.register(subject, SchemaFixtures.CLICK_V1);
        assertThatThrownBy(() -> registry.lookup(subject, SchemaFixtures.CLICK_V2)).isInstanceOf(SchemaNotFoundException.class);
    }

    @Test
    void aRegistryThatIsDownGivesAClearErrorWithinTheTimeout() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + closedPort;
        SchemaRegistryClient down = SchemaRegistryClients.create(Map.of(
                "schema.registry.url", url, "http.read.timeout.ms", "1000", "schema.registry.max.retries", "2"));
        // The bound separates a clear failure from a hang; the expected time is well under 10 s.
        assertTimeoutPreemptively(Duration.ofSeconds(60), () ->
                assertThatThrownBy(() -> down.register("any-value", SchemaFixtures.CLICK_V1))
                        .isInstanceOf(SchemaRegistryUnavailableException.class)
                        .hasMessageContaining(url)
                        .hasMessageContaining("unavailable"));
    }
}
