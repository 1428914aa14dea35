package dev.streamscore.scoring.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Settings from, in order of precedence: command-line flags ({@code --max-batch-size 64} or
 * {@code --max-batch-size=64}), environment variables ({@code STREAMSCORE_MAX_BATCH_SIZE}, for
 * containers), a properties file ({@code --config file}, keys as the flags without dashes), then
 * the defaults in code. Keys under {@code kafka.} and {@code schema.registry.} / {@code basic.auth.}
 * pass through to the clients verbatim. An unknown flag or an invalid value fails with the key named.
 */
public final class ConfigValues {
    public static final String ENV_PREFIX = "STREAMSCORE_";
    private final Map<String, String> values;

    private ConfigValues(Map<String, String> values) {
        this.values = values;
    }

    public static ConfigValues parse(String[] args, Map<String, String> environment, Set<String> knownKeys) {
        Map<String, String> flags = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("Unexpected argument '" + arg + "': settings are --key value");
            }
            String key;
            String value;
            int equals = arg.indexOf('=');
            if (equals > 0) {
                key = arg.substring(2, equals);
                value = arg.substring(equals + 1);
            } else {
                key = arg.substring(2);
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("--" + key + " needs a value");
                }
                value = args[++i];
            }
            flags.put(key, value);
        }
        Map<String, String> merged = new HashMap<>();
        String file = flags.containsKey("config") ? flags.get("config") : environment.get(ENV_PREFIX + "CONFIG");
        if (file != null) {
            merged.putAll(readProperties(Path.of(file)));
        }
        for (Map.Entry<String, String> env : environment.entrySet()) {
            if (env.getKey().startsWith(ENV_PREFIX) && !env.getKey().equals(ENV_PREFIX + "CONFIG")) {
                merged.put(env.getKey().substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '-'), env.getValue());
            }
        }
        merged.putAll(flags);
        merged.remove("config");
        for (String key : merged.keySet()) {
            if (!knownKeys.contains(key) && !isPassThrough(key)) {
                throw new IllegalArgumentException("Unknown setting '" + key + "'. Known: " + new TreeSet<>(knownKeys)
                        + ", plus kafka.* and schema.registry.* client settings");
            }
        }
        return new ConfigValues(merged);
    }

    static boolean isPassThrough(String key) {
        return key.startsWith("kafka.") || key.startsWith("schema.registry.") || key.startsWith("basic.auth.");
    }

    public String string(String key, String fallback) {
        String value = values.get(key);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    public int integer(String key, int fallback, int min) {
        String value = values.get(key);
        if (value == null) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed < min) {
                throw new IllegalArgumentException("--" + key + " must be >= " + min + ", was " + parsed);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + key + " must be a whole number, was '" + value + "'", e);
        }
    }

    public boolean bool(String key, boolean fallback) {
        String value = values.get(key);
        if (value == null) {
            return fallback;
        }
        if (!value.trim().equalsIgnoreCase("true") && !value.trim().equalsIgnoreCase("false")) {
            throw new IllegalArgumentException("--" + key + " must be true or false, was '" + value + "'");
        }
        return Boolean.parseBoolean(value.trim());
    }

    public <E extends Enum<E>> E enumeration(String key, Class<E> type, E fallback) {
        String value = values.get(key);
        if (value == null) {
            return fallback;
        }
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--" + key + " must be one of " + Arrays.toString(type.getEnumConstants())
                    + ", was '" + value + "'", e);
        }
    }

    /** Pass-through client settings: {@code kafka.x} as {@code x}; registry settings as they are. */
    public Map<String, String> kafkaProperties() {
        Map<String, String> kafka = new HashMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith("kafka.")) {
                kafka.put(k.substring("kafka.".length()), v);
            }
        });
        return kafka;
    }

    public Map<String, String> registryProperties() {
        Map<String, String> registry = new HashMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith("schema.registry.") || k.startsWith("basic.auth.")) {
                registry.put(k, v);
            }
        });
        return registry;
    }

    private static Map<String, String> readProperties(Path file) {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read config file " + file + " (--config): " + e.getMessage(), e);
        }
        Map<String, String> map = new HashMap<>();
        properties.forEach((k, v) -> map.put(k.toString(), v.toString()));
        return map;
    }
}
