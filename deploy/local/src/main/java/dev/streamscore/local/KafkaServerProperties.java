package dev.streamscore.local;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code server.properties} of the single-node KRaft broker: broker and controller in one
 * process, both listeners on 127.0.0.1, internal topics with replication factor 1 (there is one
 * broker), no automatic topic creation (topics are created explicitly, so a typo fails loudly).
 */
final class KafkaServerProperties {

    private KafkaServerProperties() {
    }

    static Map<String, String> of(int port, int controllerPort, Path logDir) {
        String plaintext = "PLAINTEXT://127.0.0.1:" + port;
        String controller = "CONTROLLER://127.0.0.1:" + controllerPort;
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort);
        p.put("listeners", plaintext + "," + controller);
        p.put("advertised.listeners", plaintext);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
        p.put("log.dirs", logDir.toAbsolutePath().toString());
        p.put("num.partitions", "1");
        p.put("auto.create.topics.enable", "false");
        p.put("offsets.topic.replication.factor", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        // Consumers in tests join at once instead of waiting 3 s for more members.
        p.put("group.initial.rebalance.delay.ms", "0");
        // Long transactions are allowed (Flink exactly-once uses transaction timeouts up to an hour).
        p.put("transaction.max.timeout.ms", "3600000");
        return p;
    }

    /** The file content, one {@code key=value} per line in a fixed order. */
    static String render(int port, int controllerPort, Path logDir) {
        StringBuilder text = new StringBuilder("# Written by StreamScore's local stack; rewritten on every start.\n");
        of(port, controllerPort, logDir).forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
        return text.toString();
    }
}
