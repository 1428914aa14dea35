package dev.streamscore.config;

/**
 * Where the local stack ({@code streamscore stack up}, the demo) listens, which is also where every
 * connecting app looks by default: the one place these ports are written.
 */
public final class LocalStackDefaults {
    public static final int KAFKA_PORT = 9092;
    public static final int REGISTRY_PORT = 8081;
    public static final String BOOTSTRAP_SERVERS = "127.0.0.1:" + KAFKA_PORT;
    /** Apicurio's Confluent-compatible API. */
    public static final String REGISTRY_URL = "http://127.0.0.1:" + REGISTRY_PORT + "/apis/ccompat/v7";

    private LocalStackDefaults() {
    }
}
