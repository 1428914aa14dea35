package dev.streamscore.lifecycle;

import dev.streamscore.avro.ModelBaseline;
import dev.streamscore.model.card.ModelCard;
import dev.streamscore.model.card.ModelCards;
import dev.streamscore.schemas.registry.SchemaRegistryClient;
import dev.streamscore.schemas.serde.ConfluentAvroDeserializer;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The published versions of one model, from {@code model-baselines} (compacted, one card per
 * model@version): their cards by version, as last published.
 */
record PublishedVersions(String model, Map<String, ModelCard> cards) {

    static PublishedVersions read(Properties kafka, SchemaRegistryClient registry, String topic, String model,
            Duration timeout) {
        Properties props = new Properties();
        props.putAll(kafka);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        Map<String, ModelCard> cards = new TreeMap<>();
        try (KafkaConsumer<String, ModelBaseline> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ConfluentAvroDeserializer<>(registry, ModelBaseline.class))) {
            TopicReader.readToEnd(consumer, topic, "model-baselines-topic", timeout, r -> {
                if (r.key() == null || !r.key().startsWith(model + "@")) {
                    return;
                }
                String version = r.key().substring(model.length() + 1);
                if (r.value() == null) {
                    cards.remove(version);
                } else {
                    cards.put(version, ModelCards.fromJson(r.value().getCardJson()));
                }
            });
        }
        return new PublishedVersions(model, cards);
    }

    ModelCard card(String version) {
        ModelCard card = cards.get(version);
        if (card == null) {
            throw new IllegalStateException("No card of " + model + "@" + version + " on model-baselines: publish it first"
                    + " (streamscore publish), or check --model-baselines-topic");
        }
        return card;
    }

    /**
     * The version after {@code champion}: one more than the highest whole-number version published,
     * when versions are whole numbers; else {@code <champion>-r2}, {@code -r3}, ... (the first not published).
     */
    String next(String champion) {
        return next(champion, v -> false);
    }

    /** As {@link #next(String)}, skipping versions {@code taken} says are used (a failed candidate's). */
    String next(String champion, java.util.function.Predicate<String> taken) {
        if (champion.matches("\\d{1,9}")) {
            long highest = cards.keySet().stream().filter(v -> v.matches("\\d{1,9}")).mapToLong(Long::parseLong)
                    .max().orElse(0);
            long next = Math.max(highest, Long.parseLong(champion)) + 1;
            while (taken.test(Long.toString(next))) {
                next++;
            }
            return Long.toString(next);
        }
        for (int r = 2; ; r++) {
            String candidate = champion + "-r" + r;
            if (!cards.containsKey(candidate) && !taken.test(candidate)) {
                return candidate;
            }
        }
    }
}
