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
import dev.streamscore.drift.join.PendingLabel;
import dev.streamscore.drift.join.PendingPredictions;
import dev.streamscore.drift.watermark.InputProgress;
import dev.streamscore.drift.watermark.InputSource;
import dev.streamscore.drift.watermark.SourceProgress;
import dev.streamscore.drift.watermark.Watermark;
import dev.streamscore.drift.window.ServedWindow;
import dev.streamscore.drift.window.ServedWindowAggregator;
import dev.streamscore.drift.window.WindowKind;
import dev.streamscore.drift.window.WindowLimits;
import dev.streamscore.drift.window.WindowPartial;
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
        for (InputProgress progress : List.of(
                new InputProgress(new InputSource(InputSource.Topic.PREDICTIONS, 3), 1_700_000_000_000L, false),
                new InputProgress(new InputSource(InputSource.Topic.LABELS, 0), Watermark.UNKNOWN, true))) {
            assertThat(roundTrip(InternalSerdes.joinInput(), JoinInput.of(progress))).isEqualTo(JoinInput.of(progress));
        }
        PendingPredictions pending = PendingPredictions.empty()
                .plus(new PendingPredictions.Entry(prediction, PendingPredictions.Status.OPEN))
                .plus(new PendingPredictions.Entry(prediction, PendingPredictions.Status.EXPIRED));
        assertThat(roundTrip(InternalSerdes.pendingPredictions(), pending)).isEqualTo(pending);
        PendingLabel pendingLabel = new PendingLabel(label, true, false);
        assertThat(roundTrip(InternalSerdes.pendingLabel(), pendingLabel)).isEqualTo(pendingLabel);
    }

    @Test
    void windowPartialsAndProgressRoundTrip() {
        ServedWindow window = new ServedWindowAggregator(WindowLimits.DEFAULTS).add(new ServedWindow(), prediction, null);
        WindowPartial.Counts counts = (WindowPartial.Counts) roundTrip(InternalSerdes.windowPartial(),
                new WindowPartial.Counts(WindowKind.SERVED, "fraud@3", 1_700_000_000_000L, 2, window.toBytes()));
        assertThat(counts.kind()).isEqualTo(WindowKind.SERVED);
        assertThat(counts.modelKey()).isEqualTo("fraud@3");
        assertThat(counts.start()).isEqualTo(1_700_000_000_000L);
        assertThat(counts.task()).isEqualTo(2);
        assertThat(ServedWindow.fromBytes(counts.state()).count()).isEqualTo(1);
        WindowPartial.Progress progress = new WindowPartial.Progress(5, 1_700_000_001_000L);
        assertThat(roundTrip(InternalSerdes.windowPartial(), progress)).isEqualTo(progress);
        SourceProgress source = new SourceProgress(Watermark.UNKNOWN, true);
        assertThat(roundTrip(InternalSerdes.sourceProgress(), source)).isEqualTo(source);
    }

    @Test
    void servedFeatureValuesKeepTheirTypes() {
        Prediction back = roundTrip(InternalSerdes.joinInput(), JoinInput.of(prediction)).prediction();
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
                "skew|missing_rate_delta|distance|-", new RuleState(1, 2_000, 0, null, 5_000)),
                Map.of("performance|auc|-|-", 3.25));
        assertThat(roundTrip(InternalSerdes.alertState(), state)).isEqualTo(state);
    }

    @Test
    void alertStateWrittenBeforeTheSequentialSumsStillReads() {
        byte[] older = "{\"rules\":{\"skew|missing_rate_delta|distance|-\":{\"breaches\":1,\"streakStart\":2000,\"cleans\":0,\"open\":null,\"cooldownUntil\":5000}}}"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        AlertState state = InternalSerdes.alertState().deserializer().deserialize("t", older);
        assertThat(state.rules()).containsEntry("skew|missing_rate_delta|distance|-", new RuleState(1, 2_000, 0, null, 5_000));
        assertThat(state.cusums()).isEmpty();
    }

    private static <T> T roundTrip(Serde<T> serde, T value) {
        return serde.deserializer().deserialize("t", serde.serializer().serialize("t", value));
    }
}
