package dev.streamscore.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigValuesTest {
    private static final Set<String> KEYS = Set.of("topic", "window-size", "batch", "enabled");

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

    @Test
    void mistakesNameTheKey() {
        assertThatThrownBy(() -> ConfigValues.parse(new String[] {"--topik", "x"}, Map.of(), KEYS))
                .hasMessageContaining("Unknown setting 'topik'");
        assertThatThrownBy(() -> ConfigValues.parse(new String[] {"--alert.psi", "0.3"}, Map.of(), KEYS))
                .hasMessageContaining("alert.psi");
        assertThat(ConfigValues.parse(new String[] {"--alert.psi", "0.3"}, Map.of(), KEYS, List.of("alert."))
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
        Set<String> keys = Set.of("share");
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
}
