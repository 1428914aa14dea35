package dev.streamscore.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.Map;
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

    @Test
    void aNodeOfTheThreeNodeClusterReplicatesEverythingThreeTimesAndNeedsTwoInSync() throws IOException {
        java.util.List<KafkaNode> cluster = java.util.List.of(new KafkaNode(1, 19092, 19093),
                new KafkaNode(2, 19094, 19095), new KafkaNode(3, 19096, 19097));
        Properties p = new Properties();
        p.load(new StringReader(KafkaServerProperties.render(cluster.get(1), cluster, Path.of("/tmp/stack/kafka-2/data"),
                null, null)));

        assertThat(p.getProperty("node.id")).isEqualTo("2");
        assertThat(p.getProperty("listeners")).isEqualTo("PLAINTEXT://127.0.0.1:19094,CONTROLLER://127.0.0.1:19095");
        assertThat(p.getProperty("controller.quorum.voters"))
                .isEqualTo("1@127.0.0.1:19093,2@127.0.0.1:19095,3@127.0.0.1:19097");
        assertThat(p.getProperty("controller.quorum.bootstrap.servers")).isNull();
        assertThat(p.getProperty("default.replication.factor")).isEqualTo("3");
        assertThat(p.getProperty("min.insync.replicas")).isEqualTo("2");
        assertThat(p.getProperty("offsets.topic.replication.factor")).isEqualTo("3");
        assertThat(p.getProperty("transaction.state.log.replication.factor")).isEqualTo("3");
        assertThat(p.getProperty("transaction.state.log.min.isr")).isEqualTo("2");
        assertThat(p.getProperty("broker.session.timeout.ms")).isEqualTo("3000");
    }

    @Test
    void securedBrokerServesClientsOnSaslSslWithScramAndAcls() throws IOException {
        KafkaSecurity security = new KafkaSecurity(Map.of("admin", "admin-secret", "scorer", "scorer-secret"));
        BrokerTls tls = new BrokerTls(Path.of("/tmp/tls/broker.p12"), Path.of("/tmp/tls/truststore.p12"), "store-secret");
        Properties p = new Properties();
        p.load(new StringReader(KafkaServerProperties.render(19092, 19093, Path.of("/tmp/data"), security, tls)));

        assertThat(p.getProperty("listeners")).isEqualTo("SASL_SSL://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093");
        assertThat(p.getProperty("advertised.listeners")).isEqualTo("SASL_SSL://127.0.0.1:19092");
        assertThat(p.getProperty("listener.security.protocol.map")).isEqualTo("CONTROLLER:PLAINTEXT,SASL_SSL:SASL_SSL");
        assertThat(p.getProperty("inter.broker.listener.name")).isEqualTo("SASL_SSL");
        assertThat(p.getProperty("sasl.enabled.mechanisms")).isEqualTo("SCRAM-SHA-512");
        assertThat(p.getProperty("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config"))
                .contains("ScramLoginModule required", "username=\"admin\"", "password=\"admin-secret\"");
        assertThat(p.getProperty("ssl.keystore.location")).isEqualTo("/tmp/tls/broker.p12");
        assertThat(p.getProperty("ssl.keystore.type")).isEqualTo("PKCS12");
        assertThat(p.getProperty("authorizer.class.name")).isEqualTo("org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        assertThat(p.getProperty("super.users")).isEqualTo("User:admin;User:ANONYMOUS");
        assertThat(p.getProperty("allow.everyone.if.no.acl.found")).isEqualTo("false");
    }

    @Test
    void securityRecordsNeverPrintPasswords() {
        KafkaSecurity security = KafkaSecurity.saslSsl(Map.of("scorer", "scorer-secret"));
        BrokerTls tls = new BrokerTls(Path.of("k.p12"), Path.of("t.p12"), "store-secret");

        assertThat(security.users()).containsKeys("admin", "scorer");
        assertThat(security.toString()).contains("admin", "scorer").doesNotContain("scorer-secret", security.password("admin"));
        assertThat(tls.toString()).doesNotContain("store-secret");
        assertThat(ChildProcess.masked("java kafka.tools.StorageTool format --add-scram SCRAM-SHA-512=[name=a,password=p1]"
                + " --add-scram SCRAM-SHA-512=[name=b,password=p2]"))
                .isEqualTo("java kafka.tools.StorageTool format --add-scram SCRAM-SHA-512=[name=a,password=*****]"
                        + " --add-scram SCRAM-SHA-512=[name=b,password=*****]");
    }
}
