package dev.streamscore.detection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamscore.avro.Alert;
import dev.streamscore.avro.AlertState;
import dev.streamscore.avro.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class DelaysTest {
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final RunLayout LAYOUT = new RunLayout(START, Duration.ofMinutes(1), 2_000, 6, 2);

    @Test
    void theDelayCountsDriftedWindowsUpToTheFirstRelevantFiringAlert() {
        List<Alert> alerts = List.of(
                alert("a", "psi", "amount", 1, AlertState.FIRING), // before the onset: not a detection
                alert("b", "psi", "merchant_category", 2, AlertState.FIRING), // not relevant
                alert("c", "psi", "amount", 3, AlertState.RESOLVED),
                alert("d", "js_distance", "amount", 4, AlertState.FIRING),
                alert("e", "psi", "amount", 3, AlertState.FIRING));

        OptionalInt delay = Delays.delay(alerts, a -> "amount".equals(a.getFeature()), LAYOUT);

        assertThat(delay).as("window 3 is the onset's second window").hasValue(2);
        assertThat(Delays.delay(alerts, a -> "distance".equals(a.getFeature()), LAYOUT)).isEmpty();
    }

    @Test
    void percentilesRankAMissedSeedAfterEveryDetectedOne() {
        List<OptionalInt> delays = List.of(OptionalInt.of(2), OptionalInt.of(3), OptionalInt.empty(), OptionalInt.of(2),
                OptionalInt.of(2), OptionalInt.of(2), OptionalInt.of(2), OptionalInt.of(2), OptionalInt.of(2), OptionalInt.of(4));

        assertThat(Delays.quantile(delays, 0.5)).hasValue(2);
        assertThat(Delays.quantile(delays, 0.9)).hasValue(4);
        assertThat(Delays.quantile(delays, 0.95)).as("the tenth of ten is the missed seed").isEmpty();
        assertThat(Delays.shareWithin(delays, 2)).isEqualTo(0.7);
        assertThat(Delays.shareWithin(delays, 3)).isEqualTo(0.8);
    }

    @Test
    void anEscalatedAlertIsOneAlert() {
        Alert warning = alert("x", "psi", "amount", 3, AlertState.FIRING);
        Alert critical = Alert.newBuilder(warning).setSeverity(Severity.CRITICAL).setWindowStart(START.plusSeconds(240)).build();
        Alert other = alert("y", "psi", "amount", 5, AlertState.FIRING);

        assertThat(DetectionReport.distinctFiring(List.of(warning, critical, alert("x", "psi", "amount", 5,
                AlertState.RESOLVED), other))).containsExactly(warning, other);
    }

    private static Alert alert(String id, String metric, String feature, int window, AlertState state) {
        Instant start = START.plus(Duration.ofMinutes(window));
        return Alert.newBuilder().setAlertId(id).setModelName("fraud").setModelVersion("1").setKind("data_drift")
                .setSeverity(Severity.WARNING).setState(state).setRule(metric).setMetric(metric).setFeature(feature)
                .setSegment(null).setValue(0.3).setThreshold(0.1).setWindowStart(start).setWindowEnd(start.plusSeconds(60))
                .setSampleSize(2_000).setMessage("test").setCreatedTime(START).build();
    }
}
