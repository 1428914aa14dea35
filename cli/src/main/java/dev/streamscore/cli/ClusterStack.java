package dev.streamscore.cli;

import dev.streamscore.local.FlinkClusterConfig;
import dev.streamscore.local.FlinkSessionCluster;
import dev.streamscore.local.LocalStack;
import dev.streamscore.local.LocalStackConfig;
import dev.streamscore.local.LocalStackException;
import dev.streamscore.local.LocalStackMain;
import dev.streamscore.local.StreamScoreApp;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * {@code stack up --cluster}: three Kafka nodes, the registry and a Flink session cluster whose
 * classpath holds the scoring job, in the foreground until Ctrl-C (the shutdown hooks of the stack
 * and the cluster stop every process).
 */
final class ClusterStack {
    private ClusterStack() {
    }

    static Path defaultDataDir() {
        return LocalStackConfig.defaultDataDir().resolveSibling("cluster");
    }

    static int run(Path dataDir, PrintWriter out) throws InterruptedException {
        LocalStack stack;
        FlinkSessionCluster flink;
        try {
            stack = LocalStack.start(LocalStackConfig.persistent(dataDir).withKafkaCluster().withTopics(LocalStackMain.TOPICS));
        } catch (LocalStackException e) {
            out.println("The stack did not start: " + e.getMessage());
            return 1;
        }
        try {
            flink = FlinkSessionCluster.start(FlinkClusterConfig.persistent(dataDir.resolve("flink"),
                    StreamScoreApp.SCORING_JOB.classpath()));
        } catch (LocalStackException e) {
            out.println("The Flink cluster did not start: " + e.getMessage());
            stack.close();
            return 1;
        }
        out.println("Kafka bootstrap servers: " + stack.bootstrapServers() + " (3 nodes)");
        out.println("Schema registry URL:     " + stack.registryUrl());
        out.println("Flink REST:              http://" + flink.restAddress() + "/ (task managers "
                + String.join(", ", flink.taskManagerIds()) + ")");
        out.println("Submit the scoring job:  ./streamscore score --jobmanager " + flink.restAddress()
                + " --bootstrap-servers " + stack.bootstrapServers() + " --checkpoint-dir " + dataDir.resolve("checkpoints"));
        out.println("Logs:                    " + stack.logDir() + ", " + dataDir.resolve("flink").resolve("logs"));
        out.println("Press Ctrl-C to stop.");
        out.flush();
        while (stack.isRunning()) {
            Thread.sleep(1_000);
        }
        if (!stack.isClosed()) {
            out.println("A process of the stack exited; see the logs in " + stack.logDir());
            flink.close();
            stack.close();
            return 1;
        }
        return 0;
    }
}
