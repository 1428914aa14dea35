package dev.streamscore.lifecycle;

import dev.streamscore.avro.LabeledPrediction;
import dev.streamscore.avro.ModelRole;
import dev.streamscore.schemas.registry.SchemaRegistryClient;
import dev.streamscore.schemas.serde.ConfluentAvroDeserializer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The labeled pairs of a model's current champion: {@code labeled-predictions} read (committed
 * records only) from the beginning to the end it had when reading started, keeping the pairs the
 * model's champion served; the champion is the version of the newest such pair by event time.
 *
 * @param championVersion the current champion's version
 * @param pairs           its pairs, oldest event first, the newest {@code maxExamples} at most
 */
public record LabeledPairs(String championVersion, List<LabeledPrediction> pairs) {
    private static final Logger LOG = LoggerFactory.getLogger(LabeledPairs.class);

    /** @param maxAge pairs whose event is older than this (before now) are left out */
    public static LabeledPairs read(Properties kafka, SchemaRegistryClient registry, String topic, String model,
            int maxExamples, Duration maxAge, Duration timeout) {
        Instant oldest = Instant.now().minus(maxAge);
        Properties props = new Properties();
        props.putAll(kafka);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        List<LabeledPrediction> champion = new ArrayList<>();
        long read;
        try (KafkaConsumer<String, LabeledPrediction> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ConfluentAvroDeserializer<>(registry, LabeledPrediction.class))) {
            read = TopicReader.readToEnd(consumer, topic, "labeled-predictions-topic", timeout, r -> {
                LabeledPrediction pair = r.value();
                if (pair != null && model.equals(pair.getPrediction().getModelName())
                        && pair.getPrediction().getRole() == ModelRole.CHAMPION
                        && !pair.getPrediction().getEventTime().isBefore(oldest)) {
                    champion.add(pair);
                }
            });
            // A transaction left open on a partition hides every pair written after it from this read.
            OpenTransactions.warnIfHanging(props, List.copyOf(consumer.assignment()), Instant.now());
        }
        champion.sort(Comparator.comparing(p -> p.getPrediction().getEventTime()));
        if (champion.isEmpty()) {
            throw new IllegalStateException("No labeled pair of model '" + model + "' served as champion within max-age ("
                    + maxAge + ") among the " + read + " records of " + topic);
        }
        String version = champion.get(champion.size() - 1).getPrediction().getModelVersion();
        List<LabeledPrediction> ofVersion = champion.stream()
                .filter(p -> version.equals(p.getPrediction().getModelVersion())).toList();
        List<LabeledPrediction> newest = ofVersion.subList(Math.max(0, ofVersion.size() - maxExamples), ofVersion.size());
        LOG.info("Read {} records of {}: {} pairs of {} served as champion, {} of its current version {}, using the newest {}",
                read, topic, champion.size(), model, ofVersion.size(), version, newest.size());
        return new LabeledPairs(version, List.copyOf(newest));
    }
}
