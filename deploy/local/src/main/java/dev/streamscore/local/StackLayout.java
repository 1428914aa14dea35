package dev.streamscore.local;

import java.nio.file.Path;

/**
 * Where each part of a stack lives under its data dir: {@code logs/} (one log file per child
 * process; may live elsewhere, see {@link LocalStackConfig#logDir()}), {@code pids/} (one PID file per child process), {@code kafka/} and {@code registry/}.
 */
record StackLayout(Path dataDir, Path logDir) {

    Path pidDir() {
        return dataDir.resolve("pids");
    }

    Path kafkaDir() {
        return dataDir.resolve("kafka");
    }

    /** Node 1's files are in {@code kafka/} (as a single broker's), node {@code i}'s in {@code kafka-<i>/}. */
    Path kafkaDir(KafkaNode node) {
        return dataDir.resolve(node.processName());
    }

    Path registryDir() {
        return dataDir.resolve("registry");
    }

    Path logFile(String processName) {
        return logDir().resolve(processName + ".log");
    }

    Path pidFile(String processName) {
        return pidDir().resolve(processName + ".pid");
    }
}
