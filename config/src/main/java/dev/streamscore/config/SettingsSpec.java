package dev.streamscore.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Every setting one app takes, declared once, in the order its help lists them. From these
 * declarations the app parses its settings ({@link #parse}: known keys, declared defaults), prints
 * its {@code --help} ({@link #help}), and whoever starts the app as a child process renders typed
 * values back to its flags ({@link #toArgs}), which fails on a key the app does not know.
 */
public final class SettingsSpec {
    /** Keys under a prefix that pass through to a client (or the app's overrides), with what they are for. */
    public record PassThrough(String prefix, String description) {
    }

    /** The Kafka and registry client pass-through every connecting app takes. */
    public static final List<PassThrough> CLIENTS = List.of(
            new PassThrough("kafka.", "any Kafka client property (security.protocol, sasl.*, ssl.*, tuning)"),
            new PassThrough("schema.registry.", "registry client properties (schema.registry.ssl.*)"),
            new PassThrough("basic.auth.", "registry basic auth (basic.auth.credentials.source, basic.auth.user.info)"));

    private final String command;
    private final String summary;
    private final Map<String, Setting> settings;
    private final List<PassThrough> passThrough;

    private SettingsSpec(String command, String summary, Map<String, Setting> settings, List<PassThrough> passThrough) {
        this.command = command;
        this.summary = summary;
        this.settings = settings;
        this.passThrough = passThrough;
    }

    /** @param command how a user starts the app, for the help's first line ({@code streamscore score}) */
    public static Builder builder(String command, String summary) {
        return new Builder(command, summary);
    }

    /** Whether the arguments ask for help ({@code --help} or {@code -h}) rather than a run. */
    public static boolean wantsHelp(String[] args) {
        return List.of(args).contains("--help") || List.of(args).contains("-h");
    }

    public Set<String> keys() {
        return settings.keySet();
    }

    public Collection<Setting> settings() {
        return settings.values();
    }

    public Optional<Setting> setting(String key) {
        return Optional.ofNullable(settings.get(key));
    }

    /** The declared default of {@code key}; fails when the key or its default is not declared. */
    public String defaultValue(String key) {
        Setting setting = settings.get(key);
        if (setting == null || setting.defaultValue() == null) {
            throw new IllegalArgumentException(command + " declares no default for '" + key + "'");
        }
        return setting.defaultValue();
    }

    public List<String> passThroughPrefixes() {
        return passThrough.stream().map(PassThrough::prefix).toList();
    }

    /** Flags > environment > file > the declared defaults; see {@link ConfigValues}. */
    public ConfigValues parse(String[] args, Map<String, String> environment) {
        return ConfigValues.parse(args, environment, this);
    }

    /** The width the help is wrapped to: a terminal's 80 columns would split most descriptions. */
    static final int HELP_WIDTH = 100;

    /**
     * The usage text: every setting with its default, the pass-through prefixes, and where settings
     * may come from, wrapped to {@value #HELP_WIDTH} columns (a description continues under itself).
     */
    public String help() {
        StringBuilder text = new StringBuilder();
        text.append("Usage: ").append(command).append(" [--<setting> VALUE]... [--config FILE]\n");
        text.append(wrap(summary, "", "")).append("\nSettings:\n");
        int width = Stream.concat(settings.keySet().stream(),
                        passThrough.stream().map(p -> p.prefix() + "<name>"))
                .mapToInt(String::length).max().orElse(0) + 2;
        String indent = " ".repeat(4 + width);
        for (Setting setting : settings.values()) {
            List<String> words = new ArrayList<>(List.of(setting.description().split(" ")));
            if (setting.defaultValue() != null) {
                // One word, so that a search of the help for "(default: 10s)" finds it whatever the wrapping.
                words.add("(default: " + (setting.defaultValue().isEmpty() ? "\"\"" : setting.defaultValue()) + ")");
            }
            text.append(wrap(words, String.format(Locale.ROOT, "  --%-" + width + "s", setting.key()), indent));
        }
        if (!passThrough.isEmpty()) {
            text.append("\nPassed through:\n");
            for (PassThrough prefix : passThrough) {
                text.append(wrap(prefix.description(),
                        String.format(Locale.ROOT, "  --%-" + width + "s", prefix.prefix() + "<name>"), indent));
            }
        }
        text.append('\n').append(wrap("Each setting may also come from the environment (STREAMSCORE_<SETTING>, dashes as"
                + " underscores) or a properties file (--config FILE, or STREAMSCORE_CONFIG; keys as the flags without"
                + " dashes); a flag wins over the environment, which wins over the file.", "", ""));
        return text.toString();
    }

    /**
     * {@code words} after {@code first}, broken at spaces so that lines stay within
     * {@link #HELP_WIDTH} where a word allows, every line after the first starting with
     * {@code indent}; ends with a newline.
     */
    static String wrap(String words, String first, String indent) {
        return wrap(List.of(words.split(" ")), first, indent);
    }

    private static String wrap(List<String> words, String first, String indent) {
        StringBuilder text = new StringBuilder(first);
        int lineStart = 0;
        boolean lineHasWord = false;
        for (String word : words) {
            if (lineHasWord && text.length() - lineStart + 1 + word.length() > HELP_WIDTH) {
                text.append('\n');
                lineStart = text.length();
                text.append(indent);
                lineHasWord = false;
            }
            if (lineHasWord) {
                text.append(' ');
            }
            text.append(word);
            lineHasWord = true;
        }
        return text.append('\n').toString();
    }

    /**
     * The flags that start this app with {@code values} (in their order; values rendered by
     * {@link Setting#text}, nulls left out). A key the app does not take fails here, before anything
     * is started, rather than in the child's log.
     */
    public List<String> toArgs(Map<String, ?> values) {
        List<String> args = new ArrayList<>();
        values.forEach((key, value) -> {
            if (!settings.containsKey(key) && passThrough.stream().noneMatch(p -> key.startsWith(p.prefix()))) {
                throw new IllegalArgumentException(command + " has no setting '" + key + "'. Known: " + keys());
            }
            String text = Setting.text(value);
            if (text != null) {
                args.add("--" + key);
                args.add(text);
            }
        });
        return args;
    }

    /** Declarations in help order. */
    public static final class Builder {
        private final String command;
        private final String summary;
        private final Map<String, Setting> settings = new LinkedHashMap<>();
        private final List<PassThrough> passThrough = new ArrayList<>();

        private Builder(String command, String summary) {
            this.command = command;
            this.summary = summary;
        }

        /** A setting with a typed default ({@link Setting#of}); null: none. */
        public Builder add(String key, Object defaultValue, String description) {
            return add(Setting.of(key, defaultValue, description));
        }

        public Builder add(Setting setting) {
            if (settings.putIfAbsent(setting.key(), setting) != null) {
                throw new IllegalArgumentException("Setting '" + setting.key() + "' declared twice for " + command);
            }
            return this;
        }

        /** Every setting of {@code other} but the keys in {@code except}, and its pass-through. */
        public Builder addAll(SettingsSpec other, Set<String> except) {
            other.settings.values().stream().filter(s -> !except.contains(s.key())).forEach(this::add);
            other.passThrough.stream().filter(p -> !passThrough.contains(p)).forEach(passThrough::add);
            return this;
        }

        /** {@code bootstrap-servers} and {@code registry-url} (the local stack's by default) and the {@link #CLIENTS} pass-through. */
        public Builder connection() {
            add("bootstrap-servers", LocalStackDefaults.BOOTSTRAP_SERVERS, "Kafka bootstrap servers");
            add("registry-url", LocalStackDefaults.REGISTRY_URL, "Confluent-compatible schema registry (comma-separated URLs)");
            return passThrough(CLIENTS);
        }

        public Builder passThrough(List<PassThrough> prefixes) {
            passThrough.addAll(prefixes);
            return this;
        }

        public Builder passThrough(String prefix, String description) {
            passThrough.add(new PassThrough(prefix, description));
            return this;
        }

        public SettingsSpec build() {
            return new SettingsSpec(command, summary, Collections.unmodifiableMap(new LinkedHashMap<>(settings)),
                    List.copyOf(passThrough));
        }
    }
}
