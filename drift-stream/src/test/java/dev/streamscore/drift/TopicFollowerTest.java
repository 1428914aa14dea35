package dev.streamscore.drift;

import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopicFollowerTest {

    /** deploy/compose gives every client its password through Kafka's FileConfigProvider, never in plain text. */
    @Test
    void keepsTheConfigProvidersThatResolveTheAppsClientSettings(@TempDir Path dir) throws Exception {
        Path secrets = dir.resolve("client.properties");
        Files.writeString(secrets, "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required"
                + " username=\"drift-stream\" password=\"from-the-file\";\n");
        Properties app = new Properties();
        app.put("bootstrap.servers", "127.0.0.1:1");
        app.put("security.protocol", "SASL_PLAINTEXT");
        app.put("sasl.mechanism", "SCRAM-SHA-512");
        app.put("config.providers", "file");
        app.put("config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider");
        app.put("sasl.jaas.config", "${file:" + secrets + ":sasl.jaas.config}");
        app.put("application.id", "a-streams-setting-the-consumer-does-not-take");

        // Unresolved, the JAAS text "${file:...}" fails the consumer's construction (its login needs the real line).
        assertThatCode(() -> new TopicFollower("follower-test", app, List.of("model-events"), true, Duration.ofSeconds(1),
                record -> { }, "a test").close()).doesNotThrowAnyException();
    }
}
