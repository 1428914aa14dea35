package dev.streamscore.model.card;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads and writes model cards as JSON with snake_case names. Unknown fields are ignored, so a
 * card from a newer StreamScore still loads; missing required fields fail with the field named.
 */
public final class ModelCards {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private ModelCards() {
    }

    /** The mapper cards are written with, for other documents of the same family (training specs). */
    public static ObjectMapper json() {
        return JSON;
    }

    public static String toJson(ModelCard card) {
        try {
            return JSON.writeValueAsString(card);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write model card " + card.key(), e);
        }
    }

    public static ModelCard fromJson(String json) {
        try {
            return JSON.readValue(json, ModelCard.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Invalid model card: " + e.getOriginalMessage(), e);
        }
    }

    public static void write(ModelCard card, Path file) {
        try {
            Files.writeString(file, toJson(card));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    public static ModelCard read(Path file) {
        try {
            return fromJson(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read model card " + file, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }
}
