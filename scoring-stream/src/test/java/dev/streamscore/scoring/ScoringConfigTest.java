package dev.streamscore.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScoringConfigTest {
    @Test
    void defaultsAreForTheLocalStackAndLatency() {
        ScoringConfig config = ScoringConfig.from(new String[0], Map.of());
        assertThat(config.bootstrapServers()).isEqualTo("127.0.0.1:9092");
        assertThat(config.inputTopic()).isEqualTo("feature-events");
        assertThat(config.deliveryGuarantee()).isEqualTo(DeliveryGuarantee.AT_LEAST_ONCE);
        assertThat(config.maxBatchSize()).isEqualTo(64);
        assertThat(config.maxBatchWaitMs()).isEqualTo(5);
        assertThat(config.modelCacheDir()).isEqualTo(Path.of(System.getProperty("java.io.tmpdir"), "streamscore-bundles").toString());
        assertThat(ScoringConfig.from(new String[] {"--model-cache-dir", "/var/cache/streamscore"}, Map.of()).modelCacheDir())
                .isEqualTo("/var/cache/streamscore");
    }

    @Test
    void flagsBeatEnvironmentWhichBeatsTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("scoring.properties");
        Files.writeString(file, "input-topic=from-file\npredictions-topic=from-file\nmax-batch-size=8\n"
                + "kafka.security.protocol=SASL_SSL\nschema.registry.basic.auth.user.info=u:p\n");
        ScoringConfig config = ScoringConfig.from(
                new String[] {"--config", file.toString(), "--input-topic=from-flag", "--delivery-guarantee", "exactly-once"},
                Map.of("STREAMSCORE_INPUT_TOPIC", "from-env", "STREAMSCORE_PREDICTIONS_TOPIC", "from-env", "HOME", "/root"));
        assertThat(config.inputTopic()).isEqualTo("from-flag");
        assertThat(config.predictionsTopic()).isEqualTo("from-env");
        assertThat(config.maxBatchSize()).isEqualTo(8);
        assertThat(config.deliveryGuarantee()).isEqualTo(DeliveryGuarantee.EXACTLY_ONCE);
        assertThat(config.kafka()).containsEntry("security.protocol", "SASL_SSL");
        assertThat(config.registry()).containsEntry("schema.registry.basic.auth.user.info", "u:p");
    }

    @Test
    void badSettingsNameTheirKey() {
        assertThatThrownBy(() -> ScoringConfig.from(new String[] {"--max-batch-size", "lots"}, Map.of()))
                .hasMessageContaining("--max-batch-size");
        assertThatThrownBy(() -> ScoringConfig.from(new String[] {"--max-batch-size", "0"}, Map.of()))
                .hasMessageContaining("--max-batch-size must be >= 1");
        assertThatThrownBy(() -> ScoringConfig.from(new String[] {"--inptu-topic", "x"}, Map.of()))
                .hasMessageContaining("Unknown setting 'inptu-topic'");
        assertThatThrownBy(() -> ScoringConfig.from(new String[] {"--delivery-guarantee", "maybe"}, Map.of()))
                .hasMessageContaining("--delivery-guarantee");
        assertThatThrownBy(() -> ScoringConfig.from(new String[] {"--registry-url", "localhost:8081"}, Map.of()).registryClient())
                .hasMessageContaining("schema.registry.url");
        assertThatThrownBy(() -> ScoringConfig.from(new String[] {"--input-topic"}, Map.of()))
                .hasMessageContaining("--input-topic needs a value");
        assertThatThrownBy(() -> ScoringConfig.from(new String[] {"--jobmanager", "http://127.0.0.1:8082"}, Map.of()))
                .hasMessageContaining("--jobmanager must be host:port");
        assertThat(ScoringConfig.from(new String[] {"--jobmanager", "127.0.0.1:8082"}, Map.of()).jobManager())
                .isEqualTo("127.0.0.1:8082");
    }

    @Test
    void restoringFromTheLatestCheckpointFailsWhenThereIsNoneUnlessAFreshStartIsAllowed(@TempDir Path dir) throws Exception {
        String checkpoints = dir.resolve("checkpoints").toString();
        ScoringConfig latest = ScoringConfig.from(new String[] {"--checkpoint-dir", checkpoints, "--restore-from", "latest"}, Map.of());
        assertThatThrownBy(latest::restorePath).hasMessageContaining("--restore-from latest: no completed checkpoint under")
                .hasMessageContaining("latest-or-fresh");
        ScoringConfig orFresh = ScoringConfig.from(
                new String[] {"--checkpoint-dir", checkpoints, "--restore-from", "latest-or-fresh"}, Map.of());
        assertThat(orFresh.restorePath()).isNull();

        Path older = Files.createDirectories(dir.resolve("checkpoints/job-a/chk-3"));
        Files.writeString(older.resolve("_metadata"), "x");
        Files.setLastModifiedTime(older.resolve("_metadata"), FileTime.fromMillis(1_000_000));
        Path newer = Files.createDirectories(dir.resolve("checkpoints/job-b/chk-1"));
        Files.writeString(newer.resolve("_metadata"), "x");
        Files.createDirectories(dir.resolve("checkpoints/job-b/chk-2"));
        assertThat(latest.restorePath()).as("the newest completed checkpoint").isEqualTo(newer.toString());
        assertThat(orFresh.restorePath()).isEqualTo(newer.toString());
        assertThat(ScoringConfig.from(new String[] {"--restore-from", "/savepoints/sp-1"}, Map.of()).restorePath())
                .isEqualTo("/savepoints/sp-1");
        assertThatThrownBy(() -> ScoringConfig.from(new String[] {"--restore-from", "latest-or-fresh"}, Map.of()))
                .hasMessageContaining("needs --checkpoint-dir");
    }

    @Test
    void printingTheConfigHidesKafkaAndRegistrySecrets() {
        ScoringConfig config = ScoringConfig.from(new String[] {"--kafka.security.protocol", "SASL_SSL",
                "--kafka.sasl.jaas.config", "ScramLoginModule required username=\"scorer\" password=\"scorer-secret\";",
                "--basic.auth.user.info", "scorer:registry-secret"},
                Map.of("STREAMSCORE_KAFKA_SSL_TRUSTSTORE_PASSWORD", "store-secret"));

        assertThat(config.kafka()).containsEntry("ssl.truststore.password", "store-secret");
        assertThat(config.toString()).startsWith("ScoringConfig[bootstrapServers=127.0.0.1:9092")
                .contains("security.protocol=SASL_SSL", "sasl.jaas.config=[hidden]", "ssl.truststore.password=[hidden]")
                .doesNotContain("scorer-secret", "registry-secret", "store-secret");
    }
}
