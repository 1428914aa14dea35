package dev.streamscore.drift.serde;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.streamscore.drift.alerts.AlertState;
import dev.streamscore.drift.join.JoinInput;
import dev.streamscore.drift.join.PendingLabel;
import dev.streamscore.drift.join.PendingPredictions;
import dev.streamscore.drift.query.LatestMetrics;
import dev.streamscore.drift.watermark.SourceProgress;
import dev.streamscore.drift.window.WindowPartial;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Serdes of drift-stream's repartition topics and state stores. Window state and join records
 * are compact binary (they are read and written per record); the alert state and the latest
 * metrics, written once per window, are JSON so they can be read when debugging.
 */
public final class InternalSerdes {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private InternalSerdes() {
    }

    public static Serde<JoinInput> joinInput() {
        return of(JoinCodecs::encode, JoinCodecs::decodeInput);
    }

    public static Serde<PendingPredictions> pendingPredictions() {
        return of(JoinCodecs::encode, JoinCodecs::decodePending);
    }

    public static Serde<PendingLabel> pendingLabel() {
        return of(JoinCodecs::encode, JoinCodecs::decodeLabel);
    }

    public static Serde<WindowPartial> windowPartial() {
        return of(WindowCodecs::encode, WindowCodecs::decodePartial);
    }

    public static Serde<SourceProgress> sourceProgress() {
        return of(WindowCodecs::encode, WindowCodecs::decodeProgress);
    }

    public static Serde<AlertState> alertState() {
        return json(AlertState.class);
    }

    public static Serde<LatestMetrics> latestMetrics() {
        return json(LatestMetrics.class);
    }

    private static <T> Serde<T> json(Class<T> type) {
        return of(value -> {
            try {
                return JSON.writeValueAsBytes(value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, bytes -> {
            try {
                return JSON.readValue(bytes, type);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + type.getSimpleName(), e);
            }
        });
    }

    private static <T> Serde<T> of(Function<T, byte[]> encode, Function<byte[], T> decode) {
        return Serdes.serdeFrom((topic, value) -> value == null ? null : encode.apply(value),
                (topic, bytes) -> bytes == null ? null : decode.apply(bytes));
    }
}
