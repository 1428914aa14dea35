package dev.streamscore.drift;

import dev.streamscore.local.testing.TestStack;
import java.util.List;

/**
 * The topics of one drift-stream instance (or cluster) in an IT, created on the shared test broker
 * with names unique to the test class, run and {@code prefix}, and the app flags naming them.
 *
 * @param inputPartitions partitions of predictions and labels (outputs have one: tests read them in order)
 */
record DriftItTopics(String predictions, String labels, String baselines, String labeled, String metrics,
        String alerts, String deadLetters, int inputPartitions) {

    static DriftItTopics create(TestStack stack, String prefix, int inputPartitions) {
        return new DriftItTopics(
                stack.createTopic(prefix + "-predictions", inputPartitions),
                stack.createTopic(prefix + "-labels", inputPartitions),
                stack.createTopic(prefix + "-model-baselines", 1),
                stack.createTopic(prefix + "-labeled-predictions", 1),
                stack.createTopic(prefix + "-drift-metrics", 1),
                stack.createTopic(prefix + "-alerts", 1),
                stack.createTopic(prefix + "-drift-dlq", 1),
                inputPartitions);
    }

    /** The {@code --*-topic} flags of DriftApp. */
    List<String> flags() {
        return List.of("--predictions-topic", predictions, "--labels-topic", labels, "--model-baselines-topic", baselines,
                "--labeled-predictions-topic", labeled, "--drift-metrics-topic", metrics, "--alerts-topic", alerts,
                "--dlq-topic", deadLetters);
    }
}
