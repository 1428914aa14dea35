package dev.streamscore.local;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One KRaft node of the local stack: broker and controller in one JVM.
 *
 * @param id             the node id, 1-based
 * @param port           client listener on 127.0.0.1
 * @param controllerPort KRaft controller listener on 127.0.0.1
 */
record KafkaNode(int id, int port, int controllerPort) {

    /** {@code kafka} for node 1 (a single broker's name since the first stack), {@code kafka-<id>} for the others. */
    String processName() {
        return id == 1 ? KafkaBroker.PROCESS_NAME : KafkaBroker.PROCESS_NAME + "-" + id;
    }

    /** {@code controller.quorum.voters}: {@code 1@127.0.0.1:<cport>,2@...}. */
    static String voters(List<KafkaNode> cluster) {
        return cluster.stream().map(n -> n.id() + "@127.0.0.1:" + n.controllerPort()).collect(Collectors.joining(","));
    }

    static String bootstrapServers(List<KafkaNode> cluster) {
        return cluster.stream().map(n -> "127.0.0.1:" + n.port()).collect(Collectors.joining(","));
    }
}
