package dev.streamscore.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamscore.drift.DriftConfig.ProcessingGuarantee;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DriftConfigTest {

    @Test
    void defaultsMatchTheArchitecture() {
        DriftConfig c = DriftConfig.from(new String[0], Map.of());
        assertThat(c.topics()).isEqualTo(new DriftConfig.Topics("predictions", "labels", "model-baselines",
                "labeled-predictions", "drift-metrics", "alerts", "drift-dlq", "model-events"));
        assertThat(c.windowSize()).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.windowGrace()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.maxLabelDelay()).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.processingGuarantee()).isEqualTo(ProcessingGuarantee.EXACTLY_ONCE_V2);
        assertThat(c.limits().segmentFields()).as("empty: the card's event attributes").isEmpty();
        assertThat(c.httpHost()).isEqualTo("127.0.0.1");
        Properties streams = c.streamsProperties();
        assertThat(streams).containsEntry("processing.guarantee", "exactly_once_v2")
                .containsEntry("errors.dead.letter.queue.topic.name", "drift-dlq")
                .containsEntry("ensure.explicit.internal.resource.naming", true)
                .containsEntry("application.id", "streamscore-drift");
    }

    @Test
    void flagsBeatEnvironmentBeatsFileBeatsDefaults(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("drift.properties");
        Files.writeString(file, "window-size=5m\nwindow-grace=20s\nmax-label-delay=1h\nalerts-topic=file-alerts\n");
        DriftConfig c = DriftConfig.from(new String[] {"--config", file.toString(), "--window-size=30s"},
                Map.of("STREAMSCORE_WINDOW_SIZE", "2m", "STREAMSCORE_WINDOW_GRACE", "5s", "STREAMSCORE_OTHER_APP", "x"));
        assertThat(c.windowSize()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.windowGrace()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.maxLabelDelay()).isEqualTo(Duration.ofHours(1));
        assertThat(c.topics().alerts()).isEqualTo("file-alerts");
    }

    @Test
    void clientSettingsPassThrough() {
        DriftConfig c = DriftConfig.from(new String[] {"--kafka.commit.interval.ms", "500",
            "--schema.registry.max.retries", "7", "--registry-url", "http://r:8080/apis/ccompat/v7",
            "--segment-fields", "customer_segment, region", "--processing-guarantee", "at-least-once"},
                Map.of("STREAMSCORE_KAFKA_SECURITY_PROTOCOL", "SSL"));
        assertThat(c.streamsProperties()).containsEntry("commit.interval.ms", "500")
                .containsEntry("security.protocol", "SSL")
                .containsEntry("processing.guarantee", "at_least_once");
        assertThat(c.registryProperties()).containsEntry("schema.registry.max.retries", "7")
                .containsEntry("schema.registry.url", "http://r:8080/apis/ccompat/v7");
        assertThat(c.limits().segmentFields()).isEqualTo(List.of("customer_segment", "region"));
    }

    @Test
    void alertSettingsAndOverrides() {
        DriftConfig c = DriftConfig.from(new String[] {"--alert-raise-after", "3", "--alert-cooldown", "15m",
            "--alert.psi.amount.critical", "0.5", "--alert-min-sample", "50"}, Map.of());
        assertThat(c.alertSettings().raiseAfter()).isEqualTo(3);
        assertThat(c.alertSettings().cooldown()).isEqualTo(Duration.ofMinutes(15));
        assertThat(c.alertRules().find("psi", "amount").critical()).isEqualTo(0.5);
        assertThat(c.alertRules().find("psi", "other").minSample()).isEqualTo(50);
    }

    @Test
    void invalidValuesFailNamingTheKey() {
        assertThatThrownBy(() -> DriftConfig.from(new String[] {"--window-size", "soon"}, Map.of()))
                .hasMessageContaining("--window-size").hasMessageContaining("'soon' is not a duration");
        assertThatThrownBy(() -> DriftConfig.from(new String[] {"--processing-guarantee", "maybe"}, Map.of()))
                .hasMessageContaining("--processing-guarantee must be one of");
        assertThatThrownBy(() -> DriftConfig.from(new String[] {"--windw-size", "1m"}, Map.of()))
                .hasMessageContaining("Unknown setting 'windw-size'");
        assertThatThrownBy(() -> DriftConfig.from(new String[] {"--max-categories", "0"}, Map.of()))
                .hasMessageContaining("--max-categories must be >= 1");
        assertThatThrownBy(() -> DriftConfig.from(new String[] {"--alert.psi.warning", "high"}, Map.of()))
                .hasMessageContaining("alert.psi.warning must be a number");
        assertThatThrownBy(() -> DriftConfig.from(new String[] {"--max-label-delay", "0s"}, Map.of()))
                .hasMessageContaining("--max-label-delay");
        assertThatThrownBy(() -> DriftConfig.from(new String[] {"--window-size"}, Map.of()))
                .hasMessageContaining("--window-size needs a value");
    }

    @Test
    void printingTheConfigHidesSecretClientSettings() {
        DriftConfig c = DriftConfig.from(new String[] {"--kafka.security.protocol", "SASL_SSL",
                "--kafka.sasl.jaas.config", "ScramLoginModule required username=\"drift\" password=\"drift-secret\";"},
                Map.of("STREAMSCORE_KAFKA_SSL_TRUSTSTORE_PASSWORD", "store-secret"));

        assertThat(c.toString()).startsWith("DriftConfig[")
                .contains("security.protocol=SASL_SSL", "sasl.jaas.config=[hidden]", "ssl.truststore.password=[hidden]")
                .doesNotContain("drift-secret", "store-secret");
    }
}
