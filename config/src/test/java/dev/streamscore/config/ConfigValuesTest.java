package dev.streamscore.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigValuesTest {
    /** Keys without defaults: the tests' fallbacks apply. */
    private static final SettingsSpec KEYS = spec(List.of("topic", "window-size", "batch", "enabled"), List.of());

    private static SettingsSpec spec(List<String> keys, List<SettingsSpec.PassThrough> extra) {
        SettingsSpec.Builder builder = SettingsSpec.builder("test", "A test app.").passThrough(SettingsSpec.CLIENTS)
                .passThrough(extra);
        keys.forEach(key -> builder.add(key, null, "the " + key));
        return builder.build();
    }

    @Test
    void flagsBeatEnvironmentBeatsFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("app.properties");
        Files.writeString(file, "topic=file\nbatch=3\nkafka.linger.ms=5\n");
        ConfigValues v = ConfigValues.parse(new String[] {"--config", file.toString(), "--window-size=90s"},
                Map.of("STREAMSCORE_TOPIC", "env", "STREAMSCORE_KAFKA_SASL_MECHANISM", "PLAIN",
                        "STREAMSCORE_SOMETHING_ELSE", "ignored"), KEYS);
        assertThat(v.string("topic", "default")).isEqualTo("env");
        assertThat(v.integer("batch", 1, 1)).isEqualTo(3);
        assertThat(v.duration("window-size", Duration.ofMinutes(1), Duration.ZERO)).isEqualTo(Duration.ofSeconds(90));
        assertThat(v.bool("enabled", true)).isTrue();
        assertThat(v.kafkaProperties()).containsEntry("linger.ms", "5").containsEntry("sasl.mechanism", "PLAIN");
    }

    /** Containers configure the registry client the same way as Kafka's: TLS and basic auth from the environment. */
    @Test
    void everyPassThroughPrefixHasItsEnvironmentForm() {
        ConfigValues v = ConfigValues.parse(new String[0], Map.of(
                "STREAMSCORE_SCHEMA_REGISTRY_SSL_TRUSTSTORE_LOCATION", "/etc/registry-ca/ca.crt",
                "STREAMSCORE_SCHEMA_REGISTRY_SSL_TRUSTSTORE_TYPE", "PEM",
                "STREAMSCORE_BASIC_AUTH_USER_INFO", "scoring:s3cret",
                "STREAMSCORE_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512"), KEYS);
        assertThat(v.registryProperties()).containsOnly(
                Map.entry("schema.registry.ssl.truststore.location", "/etc/registry-ca/ca.crt"),
                Map.entry("schema.registry.ssl.truststore.type", "PEM"),
                Map.entry("basic.auth.user.info", "scoring:s3cret"));
        assertThat(v.kafkaProperties()).containsOnly(Map.entry("sasl.mechanism", "SCRAM-SHA-512"));
    }

    @Test
    void mistakesNameTheKey() {
        assertThatThrownBy(() -> ConfigValues.parse(new String[] {"--topik", "x"}, Map.of(), KEYS))
                .hasMessageContaining("Unknown setting 'topik'");
        assertThatThrownBy(() -> ConfigValues.parse(new String[] {"--alert.psi", "0.3"}, Map.of(), KEYS))
                .hasMessageContaining("alert.psi");
        assertThat(ConfigValues.parse(new String[] {"--alert.psi", "0.3"}, Map.of(),
                spec(List.of("topic"), List.of(new SettingsSpec.PassThrough("alert.", "overrides"))))
                .withPrefix("alert.", true)).containsEntry("psi", "0.3");
        ConfigValues bad = ConfigValues.parse(new String[] {"--batch", "many", "--enabled", "yes", "--window-size", "soon"},
                Map.of(), KEYS);
        assertThatThrownBy(() -> bad.integer("batch", 1, 1)).hasMessageContaining("--batch");
        assertThatThrownBy(() -> bad.bool("enabled", true)).hasMessageContaining("--enabled");
        assertThatThrownBy(() -> bad.duration("window-size", Duration.ZERO, Duration.ZERO)).hasMessageContaining("--window-size");
        assertThatThrownBy(() -> ConfigValues.parse(new String[] {"--topic"}, Map.of(), KEYS)).hasMessageContaining("needs a value");
    }

    @Test
    void aShareIsADecimalOrAPercentageBetweenZeroAndOne() {
        SettingsSpec keys = spec(List.of("share"), List.of());
        assertThat(ConfigValues.parse(new String[] {"--share", "0.95"}, Map.of(), keys).fraction("share", 0)).isEqualTo(0.95);
        assertThat(ConfigValues.parse(new String[] {"--share", "80%"}, Map.of(), keys).fraction("share", 0)).isEqualTo(0.8);
        assertThat(ConfigValues.parse(new String[0], Map.of(), keys).fraction("share", 0.5)).isEqualTo(0.5);
        for (String bad : List.of("1.5", "-0.1", "NaN", "most")) {
            ConfigValues v = ConfigValues.parse(new String[] {"--share", bad}, Map.of(), keys);
            assertThatThrownBy(() -> v.fraction("share", 0)).hasMessageContaining("--share").hasMessageContaining(bad);
        }
    }

    @Test
    void secretsAreHiddenWhenSettingsArePrinted() {
        ConfigValues v = ConfigValues.parse(new String[] {"--topic", "t", "--kafka.security.protocol", "SASL_SSL",
                "--kafka.sasl.jaas.config", "ScramLoginModule required username=\"u\" password=\"jaas-secret\";",
                "--kafka.ssl.truststore.password", "store-secret", "--basic.auth.user.info", "user:registry-secret"},
                Map.of("STREAMSCORE_KAFKA_SSL_KEY_PASSWORD", "key-secret"), KEYS);
        record AppConfig(String topic, Map<String, String> kafka, Map<String, String> registry) {
        }
        AppConfig config = new AppConfig("t", v.kafkaProperties(), v.registryProperties());

        for (String printed : List.of(v.toString(), ConfigValues.describe(config))) {
            assertThat(printed).contains("t", "SASL_SSL", "sasl.jaas.config=[hidden]", "ssl.truststore.password=[hidden]",
                    "ssl.key.password=[hidden]", "basic.auth.user.info=[hidden]")
                    .doesNotContain("jaas-secret", "store-secret", "key-secret", "registry-secret");
        }
        assertThat(ConfigValues.describe(config)).startsWith("AppConfig[topic=t, kafka={");
        assertThat(ConfigValues.isSecret("sasl.oauthbearer.token.endpoint.url")).isTrue();
        assertThat(ConfigValues.isSecret("security.protocol")).isFalse();
    }

    @Test
    void declaredDefaultsApplyUnlessSetAndEveryTypedAccessorNeedsOne() {
        SettingsSpec spec = SettingsSpec.builder("streamscore test", "A test app.")
                .add("window-size", Duration.ofMinutes(1), "window length")
                .add("batch", 64, "batch size")
                .add("guarantee", Guarantee.AT_LEAST_ONCE, "delivery")
                .add("share", 0.95, "coverage")
                .add("enabled", true, "on or off")
                .add("dir", null, "a directory")
                .build();
        ConfigValues unset = spec.parse(new String[0], Map.of());
        assertThat(unset.duration("window-size", Duration.ZERO)).isEqualTo(Duration.ofMinutes(1));
        assertThat(unset.integer("batch", 1)).isEqualTo(64);
        assertThat(unset.enumeration("guarantee", Guarantee.class)).isEqualTo(Guarantee.AT_LEAST_ONCE);
        assertThat(unset.fraction("share")).isEqualTo(0.95);
        assertThat(unset.bool("enabled")).isTrue();
        assertThat(unset.string("dir")).isNull();
        assertThatThrownBy(() -> unset.integer("dir", 0)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'dir' has no declared default");
        assertThatThrownBy(() -> unset.string("grace")).as("a typo in the app's own code")
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("'grace' is not declared");

        ConfigValues set = spec.parse(new String[] {"--window-size", "10s", "--batch", "8", "--guarantee", "exactly-once",
                "--share", "50%", "--enabled", "false", "--dir", "/tmp/x"}, Map.of());
        assertThat(set.duration("window-size", Duration.ZERO)).isEqualTo(Duration.ofSeconds(10));
        assertThat(set.integer("batch", 1)).isEqualTo(8);
        assertThat(set.enumeration("guarantee", Guarantee.class)).isEqualTo(Guarantee.EXACTLY_ONCE);
        assertThat(set.fraction("share")).isEqualTo(0.5);
        assertThat(set.bool("enabled")).isFalse();
        assertThat(set.string("dir")).isEqualTo("/tmp/x");
        assertThatThrownBy(() -> spec.parse(new String[] {"--batch", "0"}, Map.of()).integer("batch", 1))
                .hasMessageContaining("--batch must be >= 1");
    }

    @Test
    void helpListsEverySettingWithItsDefaultAndThePassThrough() {
        SettingsSpec spec = SettingsSpec.builder("streamscore test", "A test app.")
                .add("window-size", Duration.ofSeconds(10), "window length")
                .add("model-dir", null, "the model")
                .passThrough(SettingsSpec.CLIENTS)
                .build();
        assertThat(spec.help()).startsWith("Usage: streamscore test [--<setting> VALUE]... [--config FILE]\nA test app.")
                .contains(String.format("--%-24s%s\n", "window-size", "window length (default: 10s)"),
                        String.format("--%-24s%s\n", "model-dir", "the model"),
                        "--kafka.<name>", "STREAMSCORE_<SETTING>");
        assertThat(SettingsSpec.wantsHelp(new String[] {"--bootstrap-servers", "x", "--help"})).isTrue();
        assertThat(SettingsSpec.wantsHelp(new String[] {"--bootstrap-servers", "x"})).isFalse();
    }

    @Test
    void helpIsWrappedToItsWidthWithEachDescriptionContinuingUnderItself() {
        String description = "a long description that goes on and on, as the real ones do when they say what a"
                + " setting is for, which values it takes and what happens at either end of its range";
        SettingsSpec spec = SettingsSpec.builder("streamscore test", "A test app.")
                .add("short", null, "fits")
                .add("a-longer-key", 5, description)
                .build();
        List<String> lines = spec.help().lines().toList();
        assertThat(lines).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(SettingsSpec.HELP_WIDTH));
        int first = lines.indexOf(lines.stream().filter(l -> l.startsWith("  --a-longer-key  a long")).findFirst().orElseThrow());
        String column = " ".repeat("  --a-longer-key  ".length());
        assertThat(lines.get(first + 1)).startsWith(column).doesNotStartWith(column + " ");
        StringBuilder joined = new StringBuilder(lines.get(first).substring(column.length()));
        for (int i = first + 1; i < lines.size() && lines.get(i).startsWith(column); i++) {
            joined.append(' ').append(lines.get(i).substring(column.length()));
        }
        assertThat(joined).hasToString(description + " (default: 5)");
        assertThat(lines).contains("  --short         fits");
    }

    @Test
    void aDefaultIsNeverSplitOverTwoLines() {
        // 18 columns of key, 72 of description: "(default:" would still fit on the line, "(default: 5)" does not.
        String description = "word ".repeat(14) + "ab";
        SettingsSpec spec = SettingsSpec.builder("streamscore test", "A test app.")
                .add("a-longer-key", 5, description)
                .build();
        assertThat(spec.help()).contains("  --a-longer-key  " + description + "\n" + " ".repeat(18) + "(default: 5)\n");
    }

    @Test
    void aPassThroughNameLongerThanEveryKeyStillGetsItsOwnColumn() {
        SettingsSpec spec = SettingsSpec.builder("streamscore test", "A test app.")
                .add("dir", null, "a directory")
                .passThrough(SettingsSpec.CLIENTS)
                .build();
        assertThat(spec.help().lines()).contains(
                "  --dir                     a directory",
                "  --schema.registry.<name>  registry client properties (schema.registry.ssl.*)");
    }

    @Test
    void typedValuesRenderToFlagsThatParseBackToThemAndAnUnknownKeyFailsAtOnce() {
        SettingsSpec spec = SettingsSpec.builder("streamscore test", "A test app.")
                .add("window-size", Duration.ofMinutes(1), "window length")
                .add("guarantee", Guarantee.AT_LEAST_ONCE, "delivery")
                .add("batch", 64, "batch size")
                .add("dir", null, "a directory")
                .passThrough(SettingsSpec.CLIENTS)
                .build();
        Map<String, Object> values = new java.util.LinkedHashMap<>();
        values.put("window-size", Duration.ofMillis(1500));
        values.put("guarantee", Guarantee.EXACTLY_ONCE);
        values.put("batch", 8);
        values.put("dir", null);
        values.put("kafka.linger.ms", 5);
        List<String> args = spec.toArgs(values);
        assertThat(args).containsExactly("--window-size", "1500ms", "--guarantee", "exactly-once", "--batch", "8",
                "--kafka.linger.ms", "5");
        ConfigValues parsed = spec.parse(args.toArray(String[]::new), Map.of());
        assertThat(parsed.duration("window-size", Duration.ZERO)).isEqualTo(Duration.ofMillis(1500));
        assertThat(parsed.enumeration("guarantee", Guarantee.class)).isEqualTo(Guarantee.EXACTLY_ONCE);
        assertThat(parsed.integer("batch", 1)).isEqualTo(8);
        assertThat(parsed.kafkaProperties()).containsEntry("linger.ms", "5");
        assertThatThrownBy(() -> spec.toArgs(Map.of("grace", "10s"))).hasMessageContaining("no setting 'grace'");
    }

    enum Guarantee { AT_LEAST_ONCE, EXACTLY_ONCE }
}
