package dev.streamscore.loadtest.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EventIdsTest {
    @Test
    void idCarriesTagAndIntendedTime() {
        String id = EventIds.of("p3", 42, 1_764_000_000_123_456L);
        assertThat(id).isEqualTo("p3-42-1764000000123456");
        assertThat(EventIds.tag(id)).isEqualTo("p3");
        assertThat(EventIds.hasTag(id, "p3")).isTrue();
        assertThat(EventIds.hasTag(id, "p")).isFalse();
        assertThat(EventIds.hasTag(id, "p31")).isFalse();
        assertThat(EventIds.intendedMicros(id)).isEqualTo(1_764_000_000_123_456L);
    }

    @Test
    void foreignIdsAreRecognised() {
        assertThat(EventIds.intendedMicros("feature-events-0-17x")).isEqualTo(-1);
        assertThat(EventIds.intendedMicros("12345")).isEqualTo(-1);
        assertThat(EventIds.intendedMicros("a-")).isEqualTo(-1);
        assertThat(EventIds.tag("nodash")).isNull();
        assertThatThrownBy(() -> EventIds.of("a-b", 1, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
