package dev.streamscore.scoring;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;

/**
 * One end of a replay range: {@code earliest}, {@code latest}, epoch milliseconds, or an ISO-8601
 * instant ({@code 2026-11-29T10:00:00Z}), each mapped to the Kafka offsets of the input topic.
 */
public record ReplayBound(String kind, long timestampMillis) {
    public static ReplayBound parse(String text, String key) {
        String value = text.trim();
        if (value.equalsIgnoreCase("earliest") || value.equalsIgnoreCase("latest")) {
            return new ReplayBound(value.toLowerCase(Locale.ROOT), -1);
        }
        try {
            return new ReplayBound("timestamp", Long.parseLong(value));
        } catch (NumberFormatException notMillis) {
            try {
                return new ReplayBound("timestamp", Instant.parse(value).toEpochMilli());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("--" + key + " must be earliest, latest, epoch millis or an ISO-8601 "
                        + "instant, was '" + text + "'", e);
            }
        }
    }

    OffsetsInitializer offsets() {
        return switch (kind) {
            case "earliest" -> OffsetsInitializer.earliest();
            case "latest" -> OffsetsInitializer.latest();
            default -> OffsetsInitializer.timestamp(timestampMillis);
        };
    }
}
