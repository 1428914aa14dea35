package dev.streamscore.local;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code server.properties} of a KRaft node: broker and controller in one process, both
 * listeners on 127.0.0.1, no automatic topic creation (topics are created explicitly, so a typo
 * fails loudly). One node: internal topics with replication factor 1. Three nodes: a static voter
 * set, replication factor 3 and min.insync.replicas 2 for every topic, and short broker session
 * timeouts so a dead node's partitions move within seconds (the defaults take 9-12 s here).
 * Secured ({@link KafkaSecurity}), the client listener is {@code SASL_SSL} (SCRAM-SHA-512, the
 * broker's certificate from {@link BrokerTls}) and {@code StandardAuthorizer} enforces ACLs.
 */
final class KafkaServerProperties {

    private KafkaServerProperties() {
    }

    static Map<String, String> of(int port, int controllerPort, Path logDir) {
        return of(port, controllerPort, logDir, null, null);
    }

    /** With {@code security} and {@code tls} both null, the plaintext broker of {@link #of(int, int, Path)}. */
    static Map<String, String> of(int port, int controllerPort, Path logDir, KafkaSecurity security, BrokerTls tls) {
        KafkaNode node = new KafkaNode(1, port, controllerPort);
        return of(node, List.of(node), logDir, security, tls);
    }

    /** Node {@code node} of {@code cluster} (a list of one node is the single broker). */
    static Map<String, String> of(KafkaNode node, List<KafkaNode> cluster, Path logDir, KafkaSecurity security,
                                  BrokerTls tls) {
        int port = node.port();
        int controllerPort = node.controllerPort();
        String name = security == null ? "PLAINTEXT" : "SASL_SSL";
        String client = name + "://127.0.0.1:" + port;
        String controller = "CONTROLLER://127.0.0.1:" + controllerPort;
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(node.id()));
        if (cluster.size() == 1) {
            p.put("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort);
        } else {
            p.put("controller.quorum.voters", KafkaNode.voters(cluster));
        }
        p.put("listeners", client + "," + controller);
        p.put("advertised.listeners", client);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", name);
        p.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT," + name + ":" + name);
        if (security != null) {
            secure(p, security, tls);
        }
        p.put("log.dirs", logDir.toAbsolutePath().toString());
        p.put("num.partitions", "1");
        p.put("auto.create.topics.enable", "false");
        String replicas = Integer.toString(cluster.size());
        String minIsr = cluster.size() == 1 ? "1" : "2";
        p.put("default.replication.factor", replicas);
        p.put("min.insync.replicas", minIsr);
        p.put("offsets.topic.replication.factor", replicas);
        p.put("transaction.state.log.replication.factor", replicas);
        p.put("transaction.state.log.min.isr", minIsr);
        p.put("share.coordinator.state.topic.replication.factor", replicas);
        p.put("share.coordinator.state.topic.min.isr", minIsr);
        if (cluster.size() > 1) {
            p.put("broker.session.timeout.ms", "3000");
            p.put("broker.heartbeat.interval.ms", "500");
        }
        // Consumers in tests join at once instead of waiting 3 s for more members.
        p.put("group.initial.rebalance.delay.ms", "0");
        // Long transactions are allowed (Flink exactly-once uses transaction timeouts up to an hour).
        p.put("transaction.max.timeout.ms", "3600000");
        return p;
    }

    private static void secure(Map<String, String> p, KafkaSecurity security, BrokerTls tls) {
        p.put("sasl.enabled.mechanisms", KafkaSecurity.MECHANISM);
        p.put("sasl.mechanism.inter.broker.protocol", KafkaSecurity.MECHANISM);
        // The broker's own client (inter-broker) logs in as the super user.
        p.put("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config",
                KafkaSecurity.jaasConfig(KafkaSecurity.ADMIN, security.password(KafkaSecurity.ADMIN)));
        p.put("ssl.keystore.type", BrokerTls.STORE_TYPE);
        p.put("ssl.keystore.location", tls.keystore().toAbsolutePath().toString());
        p.put("ssl.keystore.password", tls.password());
        p.put("ssl.key.password", tls.password());
        p.put("ssl.truststore.type", BrokerTls.STORE_TYPE);
        p.put("ssl.truststore.location", tls.truststore().toAbsolutePath().toString());
        p.put("ssl.truststore.password", tls.password());
        p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        // ANONYMOUS: the broker registering with its controller over the PLAINTEXT controller listener
        // (see KafkaSecurity). Without it the node cannot even join its own cluster.
        p.put("super.users", "User:" + KafkaSecurity.ADMIN + ";User:ANONYMOUS");
        p.put("allow.everyone.if.no.acl.found", "false");
    }

    /** The file content, one {@code key=value} per line in a fixed order. */
    static String render(int port, int controllerPort, Path logDir) {
        return render(port, controllerPort, logDir, null, null);
    }

    /** As {@link #render(int, int, Path)}, secured when {@code security} is not null. */
    static String render(int port, int controllerPort, Path logDir, KafkaSecurity security, BrokerTls tls) {
        KafkaNode node = new KafkaNode(1, port, controllerPort);
        return render(node, List.of(node), logDir, security, tls);
    }

    static String render(KafkaNode node, List<KafkaNode> cluster, Path logDir, KafkaSecurity security, BrokerTls tls) {
        StringBuilder text = new StringBuilder("# Written by StreamScore's local stack; rewritten on every start.\n");
        of(node, cluster, logDir, security, tls).forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
        return text.toString();
    }
}
