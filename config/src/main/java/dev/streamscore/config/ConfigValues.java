package dev.streamscore.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The settings of a StreamScore app or command, from, in order of precedence: command-line flags
 * ({@code --window-size 1m} or {@code --window-size=1m}), environment variables
 * ({@code STREAMSCORE_WINDOW_SIZE}, for containers), a properties file ({@code --config file} or
 * {@code STREAMSCORE_CONFIG}; keys as the flags without dashes), then the defaults the app's
 * {@link SettingsSpec} declares. Keys under the spec's pass-through prefixes ({@code kafka.},
 * {@code schema.registry.}, {@code basic.auth.}, and any the app adds) pass through to the
 * clients; in the environment {@code STREAMSCORE_KAFKA_SASL_MECHANISM} is {@code kafka.sasl.mechanism} and
 * {@code STREAMSCORE_SCHEMA_REGISTRY_SSL_TRUSTSTORE_TYPE} is {@code schema.registry.ssl.truststore.type}. An unknown flag or file
 * key, or an invalid value, fails with the key named; unknown {@code STREAMSCORE_*} variables are
 * ignored, since containers often carry settings of the other StreamScore apps.
 */
public final class ConfigValues {
    public static final String ENV_PREFIX = "STREAMSCORE_";
    /** Parts of a key that mark its value as a secret; {@code user.info} is the registry's {@code user:password}. */
    private static final List<String> SECRET_KEY_PARTS = List.of("password", "secret", "jaas", "token", "key", "user.info",
            "credentials");
    private static final String HIDDEN = "[hidden]";

    private final Map<String, String> values;
    /** The declared defaults ({@link Setting#defaultValue}) of the keys that have one. */
    private final Map<String, String> defaults;
    private final Set<String> declaredKeys;
    /** The keys given on the command line (not from the environment or a file). */
    private final Set<String> flagKeys;

    private ConfigValues(Map<String, String> values, Map<String, String> defaults, Set<String> declaredKeys,
            Set<String> flagKeys) {
        this.values = values;
        this.defaults = defaults;
        this.declaredKeys = declaredKeys;
        this.flagKeys = flagKeys;
    }

    /** The settings {@code spec} declares, with its defaults for what is not set; usually through {@link SettingsSpec#parse}. */
    public static ConfigValues parse(String[] args, Map<String, String> environment, SettingsSpec spec) {
        Map<String, String> defaults = new HashMap<>();
        spec.settings().stream().filter(s -> s.defaultValue() != null)
                .forEach(s -> defaults.put(s.key(), s.defaultValue()));
        Map<String, String> flags = flags(args);
        Map<String, String> merged = merge(flags, environment, spec.keys(), spec.passThroughPrefixes());
        return new ConfigValues(merged, defaults, spec.keys(), Set.copyOf(flags.keySet()));
    }

    private static Map<String, String> merge(Map<String, String> flags, Map<String, String> environment,
            Set<String> knownKeys, List<String> passThrough) {
        Map<String, String> merged = new HashMap<>();
        String file = flags.containsKey("config") ? flags.get("config") : environment.get(ENV_PREFIX + "CONFIG");
        if (file != null) {
            Map<String, String> fromFile = readProperties(Path.of(file));
            requireKnown(fromFile, knownKeys, passThrough, "in " + file);
            merged.putAll(fromFile);
        }
        for (Map.Entry<String, String> env : environment.entrySet()) {
            String name = env.getKey();
            if (!name.startsWith(ENV_PREFIX) || name.equals(ENV_PREFIX + "CONFIG")) {
                continue;
            }
            String rest = name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT);
            String prefix = passThrough.stream().filter(p -> rest.startsWith(environmentForm(p)))
                    .max(Comparator.comparingInt(String::length)).orElse(null);
            if (prefix != null) {
                merged.put(prefix + rest.substring(environmentForm(prefix).length()).replace('_', '.'), env.getValue());
            } else if (knownKeys.contains(rest.replace('_', '-'))) {
                merged.put(rest.replace('_', '-'), env.getValue());
            }
        }
        Map<String, String> own = new HashMap<>(flags);
        own.remove("config");
        requireKnown(own, knownKeys, passThrough, "");
        merged.putAll(own);
        return merged;
    }

    /** A pass-through prefix as it starts a lower-cased variable name after STREAMSCORE_: {@code schema.registry.} is {@code schema_registry_}. */
    private static String environmentForm(String prefix) {
        return prefix.toLowerCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private static Map<String, String> flags(String[] args) {
        Map<String, String> flags = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("Unexpected argument '" + arg + "': settings are --key value");
            }
            int equals = arg.indexOf('=');
            if (equals > 0) {
                flags.put(arg.substring(2, equals), arg.substring(equals + 1));
            } else {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(arg + " needs a value");
                }
                flags.put(arg.substring(2), args[++i]);
            }
        }
        return flags;
    }

    private static void requireKnown(Map<String, String> settings, Set<String> knownKeys, List<String> passThrough,
            String where) {
        for (String key : settings.keySet()) {
            if (!knownKeys.contains(key) && passThrough.stream().noneMatch(key::startsWith)) {
                throw new IllegalArgumentException("Unknown setting '" + key + "'" + (where.isEmpty() ? "" : " " + where)
                        + ". Known: " + new TreeSet<>(knownKeys) + ", plus " + String.join("*, ", passThrough) + "*");
            }
        }
    }

    /** The value set, else the declared default; a missing one fails naming the flag. */
    public String required(String key) {
        String value = string(key);
        if (value == null) {
            throw new IllegalArgumentException("Missing --" + key);
        }
        return value;
    }

    /** The value set, else the declared default, else null. */
    public String string(String key) {
        return string(key, null);
    }

    /** The value set, else the declared default, else {@code fallback} (for defaults that depend on another setting). */
    public String string(String key, String fallback) {
        String value = value(key);
        return value == null ? fallback : value.trim();
    }

    /** The value set, else the declared default; the typed accessors without a fallback need one declared. */
    public int integer(String key, int min) {
        return integer(key, Integer.parseInt(declared(key).replace("_", "")), min);
    }

    public long longValue(String key, long min) {
        return longValue(key, Long.parseLong(declared(key).replace("_", "")), min);
    }

    public double fraction(String key) {
        declared(key);
        return fraction(key, Double.NaN);
    }

    public Duration duration(String key, Duration min) {
        return duration(key, Durations.parse(declared(key)), min);
    }

    public boolean bool(String key) {
        return bool(key, Boolean.parseBoolean(declared(key)));
    }

    public <E extends Enum<E>> E enumeration(String key, Class<E> type) {
        declared(key);
        return enumeration(key, type, null);
    }

    private String declared(String key) {
        String fallback = defaults.get(key);
        if (fallback == null) {
            throw new IllegalStateException("Setting '" + key + "' has no declared default: declare one or pass a fallback");
        }
        return fallback;
    }

    /** A decimal number: the value set, else the declared default. */
    public double decimal(String key) {
        declared(key);
        String value = value(key);
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + key + " must be a number, was '" + value + "'", e);
        }
    }

    /**
     * The keys given on the command line, pass-through ones included (not {@code config}); unlike
     * the environment, which containers share between apps, a flag is always meant for this app.
     */
    public Set<String> flagged() {
        Set<String> flagged = new TreeSet<>(flagKeys);
        flagged.remove("config");
        return flagged;
    }

    /** The value set (non-blank), else the declared default, else null; a key the app never declared is a bug. */
    private String value(String key) {
        if (!declaredKeys.contains(key)) {
            throw new IllegalStateException("Setting '" + key + "' is not declared: add it to the app's SettingsSpec");
        }
        String value = values.get(key);
        return value == null || value.isBlank() ? defaults.get(key) : value;
    }

    public int integer(String key, int fallback, int min) {
        long value = longValue(key, fallback, min);
        if (value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("--" + key + " must be at most " + Integer.MAX_VALUE + ", was " + value);
        }
        return (int) value;
    }

    public long longValue(String key, long fallback, long min) {
        String value = value(key);
        if (value == null) {
            return fallback;
        }
        long parsed;
        try {
            parsed = Long.parseLong(value.trim().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + key + " must be a whole number, was '" + value + "'", e);
        }
        if (parsed < min) {
            throw new IllegalArgumentException("--" + key + " must be >= " + min + ", was " + parsed);
        }
        return parsed;
    }

    /** A share between 0 and 1 inclusive, written as a decimal ({@code 0.95}) or a percentage ({@code 95%}). */
    public double fraction(String key, double fallback) {
        String value = value(key);
        if (value == null) {
            return fallback;
        }
        String text = value.trim();
        boolean percent = text.endsWith("%");
        double parsed;
        try {
            parsed = Double.parseDouble(percent ? text.substring(0, text.length() - 1).trim() : text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + key + " must be a share such as 0.95 or 95%, was '" + value + "'", e);
        }
        if (percent) {
            parsed /= 100;
        }
        if (!(parsed >= 0 && parsed <= 1)) {
            throw new IllegalArgumentException("--" + key + " must be between 0 and 1 (0% and 100%), was '" + value + "'");
        }
        return parsed;
    }

    public Duration duration(String key, Duration fallback, Duration min) {
        String value = value(key);
        if (value == null) {
            return fallback;
        }
        Duration parsed;
        try {
            parsed = Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--" + key + ": " + e.getMessage(), e);
        }
        if (parsed.compareTo(min) < 0) {
            throw new IllegalArgumentException("--" + key + " must be at least " + Durations.format(min) + ", was '"
                    + value + "'");
        }
        return parsed;
    }

    public boolean bool(String key, boolean fallback) {
        String value = value(key);
        if (value == null) {
            return fallback;
        }
        if (!value.trim().equalsIgnoreCase("true") && !value.trim().equalsIgnoreCase("false")) {
            throw new IllegalArgumentException("--" + key + " must be true or false, was '" + value + "'");
        }
        return Boolean.parseBoolean(value.trim());
    }

    public <E extends Enum<E>> E enumeration(String key, Class<E> type, E fallback) {
        String value = value(key);
        if (value == null) {
            return fallback;
        }
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--" + key + " must be one of "
                    + Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT) + ", was '" + value + "'", e);
        }
    }

    /** A comma-separated list: the value set, else the declared default; empty when neither. */
    public List<String> list(String key) {
        String value = value(key);
        List<String> items = new ArrayList<>();
        if (value != null) {
            for (String item : value.split(",")) {
                if (!item.isBlank()) {
                    items.add(item.trim());
                }
            }
        }
        return items;
    }

    /** Settings under {@code prefix}, with the prefix removed when {@code strip}. */
    public Map<String, String> withPrefix(String prefix, boolean strip) {
        Map<String, String> result = new TreeMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                result.put(strip ? k.substring(prefix.length()) : k, v);
            }
        });
        return result;
    }

    /** Kafka client settings: {@code kafka.x} as {@code x}. */
    public Map<String, String> kafkaProperties() {
        return withPrefix("kafka.", true);
    }

    /** Registry client settings ({@code schema.registry.*}, {@code basic.auth.*}) with their names. */
    public Map<String, String> registryProperties() {
        Map<String, String> registry = new TreeMap<>(withPrefix("schema.registry.", false));
        registry.putAll(withPrefix("basic.auth.", false));
        return registry;
    }

    /** Whether a setting of this name may hold a secret, so its value must never be logged or put in a message. */
    public static boolean isSecret(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        return SECRET_KEY_PARTS.stream().anyMatch(lower::contains);
    }

    /** A sorted copy safe to log: the values of {@link #isSecret secret} keys replaced by {@value #HIDDEN}. */
    public static Map<String, String> masked(Map<?, ?> settings) {
        Map<String, String> safe = new TreeMap<>();
        settings.forEach((k, v) -> safe.put(String.valueOf(k), isSecret(String.valueOf(k)) ? HIDDEN : String.valueOf(v)));
        return safe;
    }

    /**
     * {@code Name[component=value, ...]} like a record's own {@code toString}, with every map component
     * {@link #masked}; app config records use it so that logging a config never logs a password.
     */
    public static String describe(Record config) {
        StringJoiner text = new StringJoiner(", ", config.getClass().getSimpleName() + "[", "]");
        for (RecordComponent component : config.getClass().getRecordComponents()) {
            Object value;
            try {
                value = component.getAccessor().invoke(config);
            } catch (ReflectiveOperationException e) {
                value = "?";
            }
            text.add(component.getName() + "=" + (value instanceof Map<?, ?> map ? masked(map) : value));
        }
        return text.toString();
    }

    /** The settings with secret values hidden. */
    @Override
    public String toString() {
        return "ConfigValues" + masked(values);
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
