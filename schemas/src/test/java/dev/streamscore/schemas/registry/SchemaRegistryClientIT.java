package dev.streamscore.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.streamscore.local.testing.LocalStackExtension;
import dev.streamscore.local.testing.TestStack;
import dev.streamscore.schemas.SchemaFixtures;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
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
