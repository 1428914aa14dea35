package dev.streamscore.local;

import java.nio.file.Path;
import java.util.List;

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

    private LocalStackMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length > 1) {
            System.err.println("Usage: LocalStackMain [dataDir]   (default " + LocalStackConfig.defaultDataDir() + ")");
            System.exit(2);
        }
        Path dataDir = args.length == 1 ? Path.of(args[0]) : LocalStackConfig.defaultDataDir();
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
