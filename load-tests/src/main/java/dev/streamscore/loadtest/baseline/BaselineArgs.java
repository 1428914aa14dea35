package dev.streamscore.loadtest.baseline;

import java.util.HashMap;
import java.util.Map;

/** {@code --key value} arguments of the baseline mains; every key is required unless a default is given. */
final class BaselineArgs {
    private final Map<String, String> values = new HashMap<>();

    BaselineArgs(String[] args) {
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("Expected --key value, got " + args[i]);
            }
            values.put(args[i].substring(2), args[i + 1]);
        }
    }

    String get(String key) {
        String value = values.get(key);
        if (value == null) {
            throw new IllegalArgumentException("Missing --" + key);
        }
        return value;
    }

    String get(String key, String fallback) {
        return values.getOrDefault(key, fallback);
    }

    int integer(String key, int fallback) {
        return Integer.parseInt(get(key, Integer.toString(fallback)));
    }
}
