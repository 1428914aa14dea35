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
