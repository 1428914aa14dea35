package dev.streamscore.loadtest.drift;

import dev.streamscore.local.TopicSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The topics of one drift-stream benchmark run, all named {@code <prefix>-<topic>} so runs on the
 * same stack never share one: the two inputs with {@code partitions} partitions (drift-stream's
 * parallelism), everything else with one.
 */
public record DriftBenchTopics(String prefix) {
    public String predictions() {
        return prefix + "-predictions";
    }

    public String labels() {
        return prefix + "-labels";
    }

    public String modelBaselines() {
        return prefix + "-model-baselines";
    }

    public String modelUpdates() {
        return prefix + "-model-updates";
    }

    public List<TopicSpec> specs(int partitions) {
        return List.of(TopicSpec.of(predictions(), partitions), TopicSpec.of(labels(), partitions),
                TopicSpec.compacted(modelBaselines(), 1), TopicSpec.compacted(modelUpdates(), 1),
                TopicSpec.of(prefix + "-labeled-predictions", 1), TopicSpec.of(prefix + "-drift-metrics", 1),
                TopicSpec.of(prefix + "-alerts", 1), TopicSpec.of(prefix + "-dlq", 1));
    }

    /** drift-stream's topic settings for these topics. */
    public Map<String, Object> settings() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("predictions-topic", predictions());
        settings.put("labels-topic", labels());
        settings.put("model-baselines-topic", modelBaselines());
        settings.put("labeled-predictions-topic", prefix + "-labeled-predictions");
        settings.put("drift-metrics-topic", prefix + "-drift-metrics");
        settings.put("alerts-topic", prefix + "-alerts");
        settings.put("dlq-topic", prefix + "-dlq");
        return settings;
    }
}
