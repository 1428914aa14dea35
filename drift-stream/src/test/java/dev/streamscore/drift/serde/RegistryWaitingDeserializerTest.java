package dev.streamscore.drift.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamscore.schemas.registry.SchemaRegistryUnavailableException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;

class RegistryWaitingDeserializerTest {
    private static SerializationException unavailable() {
        return new SerializationException("Cannot deserialize", new SchemaRegistryUnavailableException("registry down"));
    }

    @Test
    void waitsOutARegistryOutageAndThenReads() {
        AtomicInteger calls = new AtomicInteger();
        Deserializer<String> inner = (topic, data) -> {
            if (calls.incrementAndGet() < 3) {
                throw unavailable();
            }
            return new String(data);
        };
        assertThat(new RegistryWaitingDeserializer<>(inner, Duration.ofSeconds(30)).deserialize("t", "v".getBytes()))
                .isEqualTo("v");
        assertThat(calls).hasValue(3);
    }

    @Test
    void aRecordThatCannotBeReadFailsAtOnce() {
        AtomicInteger calls = new AtomicInteger();
        Deserializer<String> inner = (topic, data) -> {
            calls.incrementAndGet();
            throw new SerializationException("not Avro");
        };
        assertThatThrownBy(() -> new RegistryWaitingDeserializer<>(inner, Duration.ofSeconds(30)).deserialize("t", new byte[1]))
                .hasMessage("not Avro");
        assertThat(calls).hasValue(1);
    }

    @Test
    void givesUpAfterItsLongestWait() {
        Deserializer<String> inner = (topic, data) -> {
            throw unavailable();
        };
        assertThatThrownBy(() -> new RegistryWaitingDeserializer<>(inner, Duration.ofMillis(1)).deserialize("t", new byte[1]))
                .isInstanceOf(SerializationException.class).hasRootCauseInstanceOf(SchemaRegistryUnavailableException.class);
    }
}
