package dev.streamscore.scoring.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamscore.model.features.FeatureException;
import dev.streamscore.schemas.wire.WireFormatException;
import org.junit.jupiter.api.Test;

class DeadLetterReasonTest {
    @Test
    void everyWireFormatAndFeatureProblemHasItsReason() {
        for (WireFormatException.Kind kind : WireFormatException.Kind.values()) {
            assertThat(DeadLetterReason.of(kind).name()).isEqualTo(kind.name());
        }
        for (FeatureException.Kind kind : FeatureException.Kind.values()) {
            assertThat(DeadLetterReason.of(kind).name()).isEqualTo(kind.name());
        }
    }
}
