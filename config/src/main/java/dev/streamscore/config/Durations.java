package dev.streamscore.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them, in every flag, file and schedule StreamScore reads: {@code 500ms},
 * {@code 10s}, {@code 1m}, {@code 2h}, {@code 1d}, or ISO-8601 {@code PT1M}; never negative.
 */
public final class Durations {
    private static final Pattern SIMPLE = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    private Durations() {
    }

    /** @throws IllegalArgumentException if {@code text} is neither form, too large or negative */
    public static Duration parse(String text) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        Matcher m = SIMPLE.matcher(value);
        if (m.matches()) {
            long n;
            try {
                n = Long.parseLong(m.group(1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' is too large a duration", e);
            }
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        Duration parsed;
        try {
            parsed = Duration.parse(value.toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new IllegalArgumentException("'" + text + "' is not a duration (e.g. 500ms, 10s, 1m, 2h, 1d, PT1M)", e);
        }
        if (parsed.isNegative()) {
            throw new IllegalArgumentException("'" + text + "' is a negative duration");
        }
        return parsed;
    }

    /** The shortest exact form {@link #parse} reads back: {@code 2m}, {@code 90s}, {@code 1500ms}; ISO below a millisecond. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (!Duration.ofMillis(ms).equals(d)) {
            return d.toString();
        }
        if (ms % 86_400_000 == 0 && ms > 0) {
            return ms / 86_400_000 + "d";
        }
        if (ms % 3_600_000 == 0 && ms > 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0 && ms > 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }
}
