package dev.streamscore.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class LocalStackConfigTest {

    @Test
    void testStackUsesFreePortsAndANewThrowawayDirUnderTmp() {
        LocalStackConfig first = LocalStackConfig.forTests();
        LocalStackConfig second = LocalStackConfig.forTests();

        assertThat(first.persistent()).isFalse();
        assertThat(List.of(first.kafkaPort(), first.kafkaControllerPort(), first.registryPort(),
                first.registryManagementPort())).containsOnly(0);
        assertThat(first.dataDir()).startsWithRaw(Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath());
        assertThat(first.dataDir()).isNotEqualTo(second.dataDir());
        assertThat(first.topics()).isEmpty();
    }

    @Test
    void persistentStackUsesTheWellKnownPortsAndKeepsItsData() {
        LocalStackConfig config = LocalStackConfig.persistent(Path.of("/var/tmp/stack"));

        assertThat(config.persistent()).isTrue();
        assertThat(config.dataDir()).isEqualTo(Path.of("/var/tmp/stack"));
        assertThat(config.kafkaPort()).isEqualTo(9092);
        assertThat(config.kafkaControllerPort()).isEqualTo(9093);
        assertThat(config.registryPort()).isEqualTo(8081);
        assertThat(config.registryManagementPort()).isEqualTo(9001);
    }

    @Test
    void defaultDataDirIsInTheUsersHome() {
        assertThat(LocalStackConfig.defaultDataDir())
                .isEqualTo(Path.of(System.getProperty("user.home"), ".streamscore", "stack"));
    }

    @Test
    void withTopicsAndWithStartupTimeoutKeepEverythingElse() {
        LocalStackConfig config = LocalStackConfig.persistent(Path.of("/var/tmp/stack"))
                .withTopics(List.of(TopicSpec.of("labels", 3), TopicSpec.compacted("model-updates", 1)))
                .withStartupTimeout(Duration.ofSeconds(30));

        assertThat(config.topics()).extracting(TopicSpec::name).containsExactly("labels", "model-updates");
        assertThat(config.topics().get(1).configs()).isEqualTo(Map.of("cleanup.policy", "compact"));
        assertThat(config.startupTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.kafkaPort()).isEqualTo(9092);
        assertThat(config.persistent()).isTrue();
    }

    @Test
    void rejectsInvalidValuesWithAMessageThatNamesThem() {
        LocalStackConfig config = LocalStackConfig.forTests();

        assertThatThrownBy(() -> config.withPorts(70000, 0, 0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("kafkaPort");
        assertThatThrownBy(() -> config.withStartupTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("startupTimeout");
        assertThatThrownBy(() -> config.withTopics(List.of(TopicSpec.of("labels", 1), TopicSpec.of("labels", 3))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("labels");
    }

    @Test
    void topicSpecRejectsIllegalNamesAndPartitionCounts() {
        assertThatThrownBy(() -> TopicSpec.of("feature events", 1)).hasMessageContaining("feature events");
        assertThatThrownBy(() -> TopicSpec.of("x".repeat(250), 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TopicSpec.of("labels", 0)).hasMessageContaining("at least 1 partition");
    }
}
