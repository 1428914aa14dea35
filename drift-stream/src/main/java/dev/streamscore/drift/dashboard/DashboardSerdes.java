package dev.streamscore.drift.dashboard;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** Serdes of the dashboard's stores: the history in compact binary, the small score distribution as JSON. */
final class DashboardSerdes {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private DashboardSerdes() {
    }

    static Serde<MetricHistory> metricHistory() {
        return Serdes.serdeFrom((topic, h) -> h == null ? null : h.toBytes(),
                (topic, bytes) -> bytes == null ? null : MetricHistory.fromBytes(bytes));
    }

    static Serde<ScoreDistribution> scoreDistribution() {
        return Serdes.serdeFrom((topic, d) -> {
            try {
                return d == null ? null : JSON.writeValueAsBytes(d);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, (topic, bytes) -> {
            try {
                return bytes == null ? null : JSON.readValue(bytes, ScoreDistribution.class);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
