package dev.streamscore.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamscore.avro.Alert;
import dev.streamscore.avro.ModelRole;
import dev.streamscore.avro.ModelUpdate;
import dev.streamscore.avro.Prediction;
import dev.streamscore.demo.Transaction;
import dev.streamscore.local.testing.LocalStackExtension;
import dev.streamscore.local.testing.TestStack;
import dev.streamscore.model.bundle.ModelBundle;
import dev.streamscore.schemas.registry.SchemaRegistryClient;
import dev.streamscore.schemas.registry.SchemaRegistryClientConfig;
import dev.streamscore.schemas.registry.SchemaRegistryClients;
import dev.streamscore.scoring.model.ModelSignatures;
import dev.streamscore.scoring.publish.ModelPublisher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signed model updates on the real stack: a job started with {@code --model-public-key} serves a
 * signed update, and refuses, with an alert, whatever someone with write access to model-updates
 * but without the private key can send: the exact bytes of an older signed update (a replay) and a
 * signed update whose role was changed.
 */
@ExtendWith(LocalStackExtension.class)
class SignedModelUpdatesIT {
    private static final Duration WAIT = Duration.ofSeconds(120);

    static TestStack stack;
    static ModelBundle v1;
    static ModelBundle v2;

    @TempDir
    static Path dir;

    private final SplittableRandom random = new SplittableRandom(11);
    private int sequence;

    @BeforeAll
    static void setUp(TestStack testStack) {
        stack = testStack;
        v1 = TrainedModels.version("1");
        v2 = TrainedModels.version("2");
    }

    @Test
    void aReplayedOlderUpdateAndATamperedRoleAreRejectedWithAlertsAndTheServedModelStays() throws Exception {
        KeyPair keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Path publicKey = dir.resolve("pub.pem");
        Files.writeString(publicKey, "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(keys.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
        ScoringItJob it = ScoringItJob.topics(stack);
        SchemaRegistryClient registry = SchemaRegistryClients.create(Map.of(SchemaRegistryClientConfig.URL, stack.registryUrl()));

        JobClient job = ScoringJob.start(it.config(v1.directory(), "--model-public-key", publicKey.toString()));
        try (KafkaProducer<String, Object> producer = it.avroProducer(Map.of(), Map.of());
                TopicReader<Prediction> predictions = new TopicReader<>(stack.kafkaProperties(), it.out(),
                        it.specific(Prediction.class), "read_uncommitted");
                TopicReader<Alert> alerts = new TopicReader<>(stack.kafkaProperties(), it.alerts(),
                        it.specific(Alert.class), "read_uncommitted");
                TopicReader<byte[]> updates = new TopicReader<>(stack.kafkaProperties(), it.updates(),
                        new ByteArrayDeserializer(), "read_uncommitted")) {
            Set<String> first = produce(producer, it.in(), 20);
            predictions.readUntil(r -> r.size() >= 20, WAIT);

            // The publisher signs v1 as champion (the version the job already serves), then v2.
            ModelPublisher.publish(v1, ModelRole.CHAMPION, 1.0, false, null, "SignedModelUpdatesIT", keys.getPrivate(),
                    stack.kafkaProperties(), registry, it.updates(), it.baselines());
            ModelPublisher.publish(v2, ModelRole.CHAMPION, 1.0, false, null, "SignedModelUpdatesIT", keys.getPrivate(),
                    stack.kafkaProperties(), registry, it.updates(), it.baselines());
            awaitServing(producer, predictions, it.in(), "2", first.size());
            List<ConsumerRecord<byte[], byte[]>> published = updates.readUntil(r -> r.size() >= 2, WAIT);

            // Someone with write access only: the v1 update's bytes again, and a signed challenger made champion.
            Properties raw = stack.kafkaProperties();
            raw.put(ProducerConfig.ACKS_CONFIG, "all");
            try (KafkaProducer<byte[], byte[]> replayer =
                    new KafkaProducer<>(raw, new ByteArraySerializer(), new ByteArraySerializer())) {
                replayer.send(new ProducerRecord<>(it.updates(), published.get(0).key(), published.get(0).value())).get();
            }
            ModelUpdate challenger = ModelUpdate.newBuilder()
                    .setModelName("fraud").setModelVersion("1").setRole(ModelRole.CHALLENGER)
                    .setLocation(v1.directory().toUri().toString()).setChecksum(v1.checksum()).setTrafficShare(1.0)
                    .setRetired(false).setPublishedTime(Instant.now()).setPublishedBy("SignedModelUpdatesIT").build();
            challenger.setSignature(ModelSignatures.sign(keys.getPrivate(), challenger));
            challenger.setRole(ModelRole.CHAMPION);
            producer.send(new ProducerRecord<>(it.updates(), "fraud@CHAMPION", challenger)).get();

            List<ConsumerRecord<byte[], Alert>> raised = alerts.readUntil(r -> r.size() >= 2, WAIT);
            assertThat(raised).hasSize(2).allSatisfy(r -> {
                assertThat(r.value().getKind()).isEqualTo("model_update");
                assertThat(r.value().getMessage()).contains("fraud@1 (CHAMPION) rejected", "fraud@2/CHAMPION keeps serving");
            });
            assertThat(raised.get(0).value().getMessage()).contains("NOT_NEWER", "replayed");
            assertThat(raised.get(1).value().getMessage()).contains("BAD_SIGNATURE");

            int before = predictions.values().size();
            Set<String> after = produce(producer, it.in(), 50);
            List<ConsumerRecord<byte[], Prediction>> all = predictions.readUntil(r -> r.size() >= before + 50, WAIT);
            assertThat(all.stream().map(ConsumerRecord::value).filter(p -> after.contains(p.getEventId())))
                    .hasSize(50).allSatisfy(p -> {
                        assertThat(p.getModelVersion()).isEqualTo("2");
                        assertThat(p.getRole()).isEqualTo(ModelRole.CHAMPION);
                    });
        } finally {
            job.cancel().get();
        }
    }

    /** Produces until the newest prediction comes from {@code version}. */
    private void awaitServing(KafkaProducer<String, Object> producer, TopicReader<Prediction> predictions, String topic,
            String version, int alreadyScored) {
        int expected = alreadyScored;
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            expected += produce(producer, topic, 10).size();
            int count = expected;
            List<ConsumerRecord<byte[], Prediction>> now = predictions.readUntil(r -> r.size() >= count, WAIT);
            if (now.get(now.size() - 1).value().getModelVersion().equals(version)) {
                return;
            }
        }
        throw new AssertionError("version " + version + " did not serve within " + WAIT);
    }

    private Set<String> produce(KafkaProducer<String, Object> producer, String topic, int count) {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < count; i++) {
            Transaction t = TransactionFixtures.transaction(sequence++, random);
            ids.add(t.getEventId());
            producer.send(new ProducerRecord<>(topic, t.getCardId(), t));
        }
        producer.flush();
        return ids;
    }
}
