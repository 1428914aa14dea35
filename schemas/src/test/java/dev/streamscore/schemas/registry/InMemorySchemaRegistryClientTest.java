package dev.streamscore.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamscore.schemas.SchemaFixtures;
import org.junit.jupiter.api.Test;

class InMemorySchemaRegistryClientTest {
    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();

    @Test
    void idsAreContentIdsAndVersionsCount() {
        int v1 = registry.register("a-value", SchemaFixtures.CLICK_V1);
        int sameInOtherSubject = registry.register("b-value", SchemaFixtures.CLICK_V1);
        int v2 = registry.register("a-value", SchemaFixtures.CLICK_V2);
        assertThat(sameInOtherSubject).isEqualTo(v1);
        assertThat(v2).isNotEqualTo(v1);
        assertThat(registry.versions("a-value")).containsExactly(1, 2);
        assertThat(registry.getBySubjectVersion("a-value", "latest").id()).isEqualTo(v2);
        assertThat(registry.lookup("a-value", SchemaFixtures.CLICK_V1).version()).isEqualTo(1);
    }

    @Test
    void enforcesTheCompatibilityLevel() {
        registry.register("a-value", SchemaFixtures.CLICK_V1);
        assertThat(registry.testCompatibility("a-value", SchemaFixtures.CLICK_V2).compatible()).isTrue();
        CompatibilityResult result = registry.testCompatibility("a-value", SchemaFixtures.CLICK_INCOMPATIBLE);
        assertThat(result.compatible()).isFalse();
        assertThat(result.messages()).isNotEmpty();
        assertThatThrownBy(() -> registry.register("a-value", SchemaFixtures.CLICK_INCOMPATIBLE))
                .isInstanceOf(IncompatibleSchemaException.class).hasMessageContaining("a-value");

        registry.setCompatibility("a-value", CompatibilityLevel.NONE);
        assertThat(registry.getCompatibility("a-value")).isEqualTo(CompatibilityLevel.NONE);
        assertThat(registry.getCompatibility(null)).isEqualTo(CompatibilityLevel.BACKWARD);
        registry.register("a-value", SchemaFixtures.CLICK_INCOMPATIBLE);
    }

    @Test
    void unknownThingsAreNotFound() {
        assertThatThrownBy(() -> registry.getById(99)).isInstanceOf(SchemaNotFoundException.class);
        assertThatThrownBy(() -> registry.versions("nope")).isInstanceOf(SchemaNotFoundException.class);
    }
}
