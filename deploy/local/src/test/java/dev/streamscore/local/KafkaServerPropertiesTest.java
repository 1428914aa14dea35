package dev.streamscore.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.Properties;

import org.junit.jupiter.api.Test;

class KafkaServerPropertiesTest {

    private static Properties render(int port, int controllerPort, Path logDir) throws IOException {
        Properties properties = new Properties();
        properties.load(new StringReader(KafkaServerProperties.render(port, controllerPort, logDir)));
        return properties;
    }

    @Test
    void listenersAreOnLoopbackOnly() throws IOException {
        Properties p = render(19092, 19093, Path.of("/tmp/stack/kafka/data"));

        assertThat(p.getProperty("listeners")).isEqualTo("PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093");
        assertThat(p.getProperty("advertised.listeners")).isEqualTo("PLAINTEXT://127.0.0.1:19092");
        assertThat(p.getProperty("controller.quorum.bootstrap.servers")).isEqualTo("127.0.0.1:19093");
        assertThat(p.getProperty("controller.listener.names")).isEqualTo("CONTROLLER");
        assertThat(p.getProperty("inter.broker.listener.name")).isEqualTo("PLAINTEXT");
        assertThat(p.getProperty("listener.security.protocol.map")).isEqualTo("CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
    }

    @Test
    void isACombinedSingleNodeWithTheGivenLogDir() throws IOException {
        Properties p = render(19092, 19093, Path.of("/tmp/stack/kafka/data"));

        assertThat(p.getProperty("process.roles")).isEqualTo("broker,controller");
        assertThat(p.getProperty("node.id")).isEqualTo("1");
        assertThat(p.getProperty("log.dirs")).isEqualTo("/tmp/stack/kafka/data");
    }

    @Test
    void internalTopicsFitOneBrokerAndTopicsAreNeverAutoCreated() throws IOException {
        Properties p = render(19092, 19093, Path.of("/tmp/stack/kafka/data"));

        assertThat(p.getProperty("offsets.topic.replication.factor")).isEqualTo("1");
        assertThat(p.getProperty("transaction.state.log.replication.factor")).isEqualTo("1");
        assertThat(p.getProperty("transaction.state.log.min.isr")).isEqualTo("1");
        assertThat(p.getProperty("share.coordinator.state.topic.replication.factor")).isEqualTo("1");
        assertThat(p.getProperty("share.coordinator.state.topic.min.isr")).isEqualTo("1");
        assertThat(p.getProperty("auto.create.topics.enable")).isEqualTo("false");
        assertThat(p.getProperty("group.initial.rebalance.delay.ms")).isEqualTo("0");
        assertThat(p.getProperty("transaction.max.timeout.ms")).isEqualTo("3600000");
    }
}
