package dev.streamscore.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamscore.avro.ModelRole;
import dev.streamscore.avro.Prediction;
import dev.streamscore.local.testing.LocalStackExtension;
import dev.streamscore.local.testing.TestStack;
import dev.streamscore.model.bundle.ModelBundle;
import dev.streamscore.schemas.registry.SchemaRegistryClientConfig;
import dev.streamscore.schemas.registry.SchemaRegistryClients;
import dev.streamscore.scoring.publish.ModelPublisher;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Each scoring task reads model-updates to its end before its first event (ScoringJob on a Flink
 * MiniCluster, parallelism 2, against a real broker and registry).
 */
@ExtendWith(LocalStackExtension.class)
class ModelUpdatesCatchUpIT {
    private static final Duration WAIT = Duration.ofSeconds(120);

    static TestStack stack;
    static ModelBundle v1;
    static ModelBundle v2;

    private final SplittableRandom random = new SplittableRandom(7);

    @BeforeAll
    static void setUp(TestStack testStack) {
        stack = testStack;
        v1 = TrainedModels.version("1");
        v2 = TrainedModels.version("2");
    }

    /**
     * A job started on a backlog after a publish: each task reads model-updates to its end before
     * its first event, so not one event is scored by the model the update replaced.
     */
    @Test
    void aJobStartedAfterAPublishScoresEveryEventWithThePublishedModel() throws Exception {
        ScoringItJob it = ScoringItJob.topics(stack);
        ModelPublisher.publish(v2, ModelRole.CHAMPION, 1.0, false, null, "ScoringJobIT", stack.kafkaProperties(),
                SchemaRegistryClients.create(Map.of(SchemaRegistryClientConfig.URL, stack.registryUrl())), it.updates(),
                it.baselines());
        Set<String> backlog;
        try (KafkaProducer<String, Object> producer = it.avroProducer(Map.of(), Map.of())) {
            backlog = TransactionFixtures.send(producer, it.in(), 0, 300, random);
        }
        JobClient job = ScoringJob.start(it.config(v1.directory()));
        try (TopicReader<Prediction> predictions = new TopicReader<>(stack.kafkaProperties(), it.out(),
                it.specific(Prediction.class), "read_uncommitted")) {
            List<ConsumerRecord<byte[], Prediction>> scored = predictions.readUntil(r -> r.size() >= 300, WAIT);
            assertThat(scored.stream().map(r -> r.value().getEventId()).collect(Collectors.toSet())).isEqualTo(backlog);
            assertThat(scored).as("scored by the published v2, none by the --model-dir v1 it replaced")
                    .allSatisfy(r -> assertThat(r.value().getModelVersion()).isEqualTo("2"));
        } finally {
            job.cancel().get();
        }
    }
}
