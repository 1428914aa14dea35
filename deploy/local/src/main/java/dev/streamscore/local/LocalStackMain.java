package dev.streamscore.local;

import dev.streamscore.config.LocalStackDefaults;
import dev.streamscore.config.SettingsSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Runs the persistent local stack in the foreground until Ctrl-C, with StreamScore's topics
 * created: {@code LocalStackMain [dataDir]} (default {@code ~/.streamscore/stack}). A stand-in
 * for the CLI: it prints the addresses to put in a client's config.
 */
public final class LocalStackMain {

    /** The pipeline's topics; the model topics are compacted so the latest model per key is always kept. */
    public static final List<TopicSpec> TOPICS = List.of(
            TopicSpec.of("feature-events", 3),
            TopicSpec.of("feature-events-dlq", 1),
            TopicSpec.of("predictions", 3),
            TopicSpec.of("labels", 3),
            TopicSpec.of("labeled-predictions", 3),
            TopicSpec.of("drift-metrics", 1),
            TopicSpec.of("alerts", 1),
            TopicSpec.of("drift-dlq", 1),
            TopicSpec.of("model-events", 1),
            TopicSpec.compacted("model-updates", 1),
            TopicSpec.compacted("model-baselines", 1));

    /** The stack's one setting. */
    public static final SettingsSpec SPEC = SettingsSpec.builder("streamscore stack up",
                    "Start the local stack (a Kafka broker on 127.0.0.1:" + LocalStackDefaults.KAFKA_PORT
                            + " and the schema registry on 127.0.0.1:" + LocalStackDefaults.REGISTRY_PORT
                            + ") with StreamScore's topics, and run until Ctrl-C.")
            .add("data-dir", LocalStackConfig.defaultDataDir(), "where the broker and the registry keep their data and logs")
            .build();

    private LocalStackMain() {
    }

    /** The data dir the arguments ask for, checked without starting anything (a dry run). */
    public static Path dataDir(String[] args, Map<String, String> environment) {
        return Path.of(SPEC.parse(args, environment).string("data-dir"));
    }

    public static void main(String[] args) throws InterruptedException {
        if (SettingsSpec.wantsHelp(args)) {
            System.out.print(SPEC.help());
            return;
        }
        Path dataDir;
        try {
            dataDir = dataDir(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        LocalStack stack;
        try {
            stack = LocalStack.start(LocalStackConfig.persistent(dataDir).withTopics(TOPICS));
        } catch (LocalStackException e) {
            System.err.println("The local stack did not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        System.out.println("Kafka bootstrap servers: " + stack.bootstrapServers());
        System.out.println("Schema registry URL:     " + stack.registryUrl());
        System.out.println("Data dir:                " + stack.dataDir());
        System.out.println("Logs:                    " + stack.logDir());
        System.out.println("Press Ctrl-C to stop.");
        // Ctrl-C runs the stack's shutdown hook; until then, watch that both processes stay up.
        while (stack.isRunning()) {
            Thread.sleep(1_000);
        }
        if (!stack.isClosed()) {
            System.err.println("A process of the local stack exited; see the logs in " + stack.logDir());
            stack.close();
            System.exit(1);
        }
    }
}
