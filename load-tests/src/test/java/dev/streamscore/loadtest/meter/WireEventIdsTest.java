package dev.streamscore.loadtest.meter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamscore.avro.ModelRole;
import dev.streamscore.avro.Prediction;
import dev.streamscore.schemas.registry.InMemorySchemaRegistryClient;
import dev.streamscore.schemas.wire.AvroWireCodec;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WireEventIdsTest {
    @Test
    void readsTheEventIdOfAWireFormatPrediction() {
        Prediction p = Prediction.newBuilder().setEventId("p1-7-1764000000000001").setModelName("fraud")
                .setModelVersion("1").setRole(ModelRole.CHAMPION).setScore(0.5)
                .setEventTime(Instant.ofEpochMilli(1)).setScoredTime(Instant.ofEpochMilli(2)).build();
        InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
        int id = registry.register("predictions-value", Prediction.getClassSchema());
        byte[] bytes = new AvroWireCodec(registry).encode(id, Prediction.getClassSchema(), p);
        assertThat(WireEventIds.firstString(bytes)).isEqualTo("p1-7-1764000000000001");
    }

    @Test
    void rejectsOtherBytes() {
        assertThat(WireEventIds.firstString(null)).isNull();
        assertThat(WireEventIds.firstString(new byte[] {1, 0, 0, 0, 1, 2, 'a'})).isNull();
        assertThat(WireEventIds.firstString(new byte[] {0, 0, 0, 0, 1, 20, 'a'})).isNull();
    }
}
