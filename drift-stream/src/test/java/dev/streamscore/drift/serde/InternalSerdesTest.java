package dev.streamscore.drift.serde;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamscore.avro.Label;
import dev.streamscore.avro.Prediction;
import dev.streamscore.drift.DriftFixtures;
import dev.streamscore.drift.DriftFixtures.World;
import dev.streamscore.drift.alerts.AlertSeverity;
import dev.streamscore.drift.alerts.AlertState;
import dev.streamscore.drift.alerts.RuleState;
import dev.streamscore.drift.join.JoinInput;
import dev.streamscore.drift.join.JoinOutcome;
import dev.streamscore.drift.join.PendingLabel;
import dev.streamscore.drift.join.PendingPredictions;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class InternalSerdesTest {
    private final Prediction prediction = DriftFixtures.prediction(World.STATIONARY, 7, 1_700_000_000_000L);
    private final Label label = DriftFixtures.label(prediction, 1_700_000_005_000L);

    @Test
    void joinRecordsRoundTrip() {
        assertThat(roundTrip(InternalSerdes.joinInput(), JoinInput.of(prediction))).isEqualTo(JoinInput.of(prediction));
        assertThat(roundTrip(InternalSerdes.joinInput(), JoinInput.of(label))).isEqualTo(JoinInput.of(label));
        for (JoinOutcome outcome : List.of(new JoinOutcome(JoinOutcome.Kind.ACCEPTED, prediction, null),
                new JoinOutcome(JoinOutcome.Kind.LABELED, prediction, label),
                new JoinOutcome(JoinOutcome.Kind.LATE, prediction, label))) {
            assertThat(roundTrip(InternalSerdes.joinOutcome(), outcome)).isEqualTo(outcome);
        }
        PendingPredictions pending = PendingPredictions.empty()
                .plus(new PendingPredictions.Entry(prediction, PendingPredictions.Status.OPEN))
                .plus(new PendingPredictions.Entry(prediction, PendingPredictions.Status.EXPIRED));
        assertThat(roundTrip(InternalSerdes.pendingPredictions(), pending)).isEqualTo(pending);
        PendingLabel pendingLabel = new PendingLabel(label, true, false);
        assertThat(roundTrip(InternalSerdes.pendingLabel(), pendingLabel)).isEqualTo(pendingLabel);
        assertThat(roundTrip(InternalSerdes.prediction(), prediction)).isEqualTo(prediction);
    }

    @Test
    void servedFeatureValuesKeepTheirTypes() {
        Prediction back = roundTrip(InternalSerdes.prediction(), prediction);
        assertThat(back.getFeatures().get("amount")).isInstanceOf(Double.class);
        assertThat(back.getFeatures().get("merchant_category")).isInstanceOf(String.class);
        assertThat(back.getFeatures().keySet()).allSatisfy(k -> assertThat(k).isInstanceOf(String.class));
    }

    @Test
    void alertStateRoundTripsAsJson() {
        AlertState state = new AlertState(Map.of(
                "data_drift|psi|amount|-", new RuleState(3, 1_000, 0,
                        new RuleState.OpenAlert("fraud@3/data_drift/psi/amount/-/t", AlertSeverity.CRITICAL, "psi", 0.25, 1_000),
                        Long.MIN_VALUE),
                "skew|missing_rate_delta|distance|-", new RuleState(1, 2_000, 0, null, 5_000)));
        assertThat(roundTrip(InternalSerdes.alertState(), state)).isEqualTo(state);
    }

    private static <T> T roundTrip(Serde<T> serde, T value) {
        return serde.deserializer().deserialize("t", serde.serializer().serialize("t", value));
    }
}
