package dev.streamscore.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * One setting an app takes, declared once: its key (the flag without dashes, the file key, the
 * environment variable after {@code STREAMSCORE_}), its default as a user would write it (null: none)
 * and what it does. The app's parser takes the default from here and its {@code --help} prints it, so
 * the two cannot disagree.
 */
public record Setting(String key, String defaultValue, String description) {
    public Setting {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(description, "description");
        if (!key.matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException("A setting key is lower-case words joined by dashes, was '" + key + "'");
        }
    }

    /** Declares {@code key} with a typed default, written as the parser reads it back ({@link #text}). */
    public static Setting of(String key, Object defaultValue, String description) {
        return new Setting(key, text(defaultValue), description);
    }

    /**
     * A value as a flag takes it: durations as {@code 10s}/{@code 1m}, enum constants in lower case
     * with dashes ({@code AT_LEAST_ONCE} as {@code at-least-once}), anything else as its text; null
     * stays null.
     */
    public static String text(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Duration duration) {
            return Durations.format(duration);
        }
        if (value instanceof Enum<?> constant) {
            return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
        if (value instanceof Path path) {
            return path.toString();
        }
        return String.valueOf(value);
    }
}
