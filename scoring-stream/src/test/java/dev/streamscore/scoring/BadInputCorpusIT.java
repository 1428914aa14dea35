package dev.streamscore.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamscore.avro.Alert;
import dev.streamscore.avro.ModelRole;
import dev.streamscore.avro.ModelUpdate;
import dev.streamscore.avro.Prediction;
import dev.streamscore.demo.Transaction;
import dev.streamscore.local.testing.LocalStackExtension;
import dev.streamscore.local.testing.TestStack;
import dev.streamscore.model.bundle.ModelBundle;
import dev.streamscore.schemas.registry.SchemaRegistryClientConfig;
import dev.streamscore.schemas.serde.ConfluentAvroSerializer;
import dev.streamscore.scoring.io.DeadLetterSerializer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The scoring job's bad-input corpus: every kind of bad or odd record a producer can send, each with
 * its defined outcome, through the real job on a real broker and registry. A bad record becomes a
 * dead letter with its reason (matched here by the record's key, so by record, not by count); an
 * odd but scorable one is scored; a malformed model update raises an alert; and after all of it the
 * job still scores every good event. The label-side corpus (labels without predictions, for
 * another model, late, duplicated) is drift-stream's {@code DriftTopologyTest}.
 */
@ExtendWith(LocalStackExtension.class)
class BadInputCorpusIT {
    private static final Duration WAIT = Duration.ofSeconds(180);

    static TestStack stack;
    static ModelBundle model;

    private final SplittableRandom random = new SplittableRandom(11);
    private int sequence = 50_000;

    @BeforeAll
    static void setUp(TestStack testStack) {
        stack = testStack;
        model = TrainedModels.version("1");
    }

    @Test
    void everyBadInputHasItsDefinedOutcomeAndNoneStopsTheJob() throws Exception {
        ScoringItJob it = ScoringItJob.topics(stack);
        String in = it.in();
        String updates = it.updates();
        ScoringConfig config = it.config(model.directory());

        JobClient job = ScoringJob.start(config);
        try (KafkaProducer<String, Object> avro = avroProducer(it, Map.of());
                KafkaProducer<String, byte[]> raw = new KafkaProducer<>(stack.kafkaProperties(), new StringSerializer(),
                        new ByteArraySerializer());
                TopicReader<Prediction> predictions = new TopicReader<>(stack.kafkaProperties(), it.out(),
                        it.specific(Prediction.class), "read_uncommitted");
                TopicReader<byte[]> deadLetters = new TopicReader<>(stack.kafkaProperties(), it.dlq(),
                        new ByteArrayDeserializer(), "read_uncommitted");
                TopicReader<Alert> alertReader = new TopicReader<>(stack.kafkaProperties(), it.alerts(),
                        it.specific(Alert.class), "read_uncommitted")) {
            // The id the registry gave the producer's schema, for records that name it but carry junk.
            int schemaId = ByteBuffer.wrap(serialize(in, good())).getInt(1);

            // Dead letters, by key: what is sent, and the reason the dead letter must carry.
            Map<String, String> expectedKinds = new LinkedHashMap<>();
            Map<String, byte[]> deadBytes = new LinkedHashMap<>();
            deadBytes.put("random-bytes", randomBytes(64, (byte) 0x5A));
            expectedKinds.put("random-bytes", "BAD_MAGIC_BYTE");
            deadBytes.put("json-text", "{\"event_id\":\"j-1\",\"amount\":12.5}".getBytes(StandardCharsets.UTF_8));
            expectedKinds.put("json-text", "BAD_MAGIC_BYTE");
            deadBytes.put("truncated-header", new byte[] {0, 0, 0});
            expectedKinds.put("truncated-header", "TRUNCATED_HEADER");
            deadBytes.put("unknown-schema-id", ByteBuffer.allocate(9).put((byte) 0).putInt(987_654_321).putInt(42).array());
            expectedKinds.put("unknown-schema-id", "UNKNOWN_SCHEMA_ID");
            // The real schema's id, then an Avro string length that runs past the end.
            deadBytes.put("corrupt-payload", ByteBuffer.allocate(7).put((byte) 0).putInt(schemaId).put((byte) 0x7e)
                    .put((byte) 'x').array());
            expectedKinds.put("corrupt-payload", "BAD_PAYLOAD");
            deadBytes.put("empty-value", new byte[0]);
            expectedKinds.put("empty-value", "EMPTY");
            for (Map.Entry<String, byte[]> e : deadBytes.entrySet()) {
                raw.send(new ProducerRecord<>(in, e.getKey(), e.getValue()));
            }
            raw.send(new ProducerRecord<>(in, "tombstone", null));
            expectedKinds.put("tombstone", "EMPTY");

            Transaction nan = good();
            nan.setAmount(Double.NaN);
            avro.send(new ProducerRecord<>(in, "nan-amount", nan));
            expectedKinds.put("nan-amount", "INVALID_NUMBER");
            Transaction infinite = good();
            infinite.setAmount(Double.POSITIVE_INFINITY);
            avro.send(new ProducerRecord<>(in, "infinite-amount", infinite));
            expectedKinds.put("infinite-amount", "INVALID_NUMBER");
            Transaction negativeInfinity = good();
            negativeInfinity.setDistanceFromHomeKm(Double.NEGATIVE_INFINITY);
            avro.send(new ProducerRecord<>(in, "negative-infinite-distance", negativeInfinity));
            expectedKinds.put("negative-infinite-distance", "INVALID_NUMBER");

            // Another team's record on the same topic: a schema the model's feature spec cannot map.
            Schema clickSchema = SchemaBuilder.record("Click").namespace("com.example").fields()
                    .requiredString("event_id").requiredString("page").endRecord();
            GenericRecord click = new GenericData.Record(clickSchema);
            click.put("event_id", "click-1");
            click.put("page", "/home");
            try (KafkaProducer<String, Object> other = avroProducer(it,
                    Map.of("value.subject.name.strategy", "RecordNameStrategy"))) {
                other.send(new ProducerRecord<>(in, "unmappable-schema", click));
            }
            expectedKinds.put("unmappable-schema", "MISSING_FIELD");

            // Odd but scorable: each is scored, and what it was is in the prediction's features.
            Map<String, Transaction> scorable = new LinkedHashMap<>();
            Transaction huge = good();
            huge.setAmount(1e12);
            scorable.put("far-out-of-range", huge);
            Transaction unseen = good();
            unseen.setMerchantCategory("crypto_exchange");
            scorable.put("unseen-category", unseen);
            Transaction oversized = good();
            oversized.setMerchantCategory("x".repeat(400_000));
            scorable.put("oversized-within-broker-limit", oversized);
            for (Map.Entry<String, Transaction> e : scorable.entrySet()) {
                avro.send(new ProducerRecord<>(in, e.getKey(), e.getValue()));
            }
            Transaction noKey = good();
            avro.send(new ProducerRecord<>(in, null, noKey));
            Transaction duplicate = good();
            avro.send(new ProducerRecord<>(in, duplicate.getCardId(), duplicate));
            avro.send(new ProducerRecord<>(in, duplicate.getCardId(), duplicate));
            avro.flush();
            raw.flush();

            // Beyond the broker's limit the broker refuses it: the producer is told, nothing half-arrives.
            Transaction tooLarge = good();
            tooLarge.setMerchantCategory("y".repeat(2_000_000));
            assertThatThrownBy(() -> avro.send(new ProducerRecord<>(in, "too-large", tooLarge)).get())
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(RecordTooLargeException.class);

            // Malformed model updates: rejected with an alert, the model serves on.
            raw.send(new ProducerRecord<>(updates, "fraud@CHAMPION", randomBytes(32, (byte) 0x11)));
            avro.send(new ProducerRecord<>(updates, "fraud@CHAMPION", ModelUpdate.newBuilder()
                    .setModelName("fraud").setModelVersion("9").setRole(ModelRole.CHAMPION)
                    .setLocation(model.directory().resolveSibling("vanished-bundle").toUri().toString())
                    .setChecksum("0".repeat(64)).setTrafficShare(1.0).setPublishedTime(Instant.now())
                    .setPublishedBy("BadInputCorpusIT").build()));
            avro.flush();
            raw.flush();

            // After all of that, good events: every one is scored by the model that served before.
            Set<String> goodIds = new HashSet<>();
            for (int i = 0; i < 50; i++) {
                Transaction t = good();
                goodIds.add(t.getEventId());
                avro.send(new ProducerRecord<>(in, t.getCardId(), t));
            }
            avro.flush();

            List<ConsumerRecord<byte[], byte[]>> dead = deadLetters.readUntil(r -> r.size() >= expectedKinds.size(), WAIT);
            Map<String, String> kinds = dead.stream().collect(Collectors.toMap(
                    r -> r.key() == null ? "(null)" : new String(r.key(), StandardCharsets.UTF_8),
                    r -> ScoringItJob.header(r, DeadLetterSerializer.KIND)));
            assertThat(kinds).isEqualTo(expectedKinds);
            assertThat(dead).allSatisfy(r -> {
                assertThat(ScoringItJob.header(r, DeadLetterSerializer.MESSAGE)).as("reason of %s", new String(r.key(), StandardCharsets.UTF_8))
                        .isNotBlank();
                assertThat(ScoringItJob.header(r, DeadLetterSerializer.SOURCE_TOPIC)).isEqualTo(in);
            });
            // The original bytes travel with the reason, so the record can be inspected and replayed.
            for (Map.Entry<String, byte[]> e : deadBytes.entrySet()) {
                assertThat(dead).filteredOn(r -> Arrays.equals(r.key(), e.getKey().getBytes(StandardCharsets.UTF_8)))
                        .singleElement().satisfies(r -> assertThat(r.value()).isEqualTo(e.getValue()));
            }

            int expectedPredictions = scorable.size() + 1 + 2 + goodIds.size();
            List<ConsumerRecord<byte[], Prediction>> scored = predictions.readUntil(r -> r.size() >= expectedPredictions, WAIT);
            Map<String, List<Prediction>> byEvent = scored.stream().map(ConsumerRecord::value)
                    .collect(Collectors.groupingBy(p -> p.getEventId().toString()));
            Map<String, Integer> odd = new java.util.TreeMap<>();
            byEvent.forEach((id, ps) -> {
                if (!goodIds.contains(id)) {
                    odd.put(id, ps.size());
                }
            });
            assertThat(odd).as("predictions of the odd records (%d predictions in all)", scored.size())
                    .containsOnlyKeys(Stream.concat(scorable.values().stream(), Stream.of(noKey, duplicate))
                            .map(Transaction::getEventId).toArray(String[]::new));
            assertThat(byEvent.keySet()).containsAll(goodIds);
            assertThat(goodIds).allSatisfy(id -> assertThat(byEvent.get(id)).singleElement()
                    .satisfies(p -> assertThat(p.getModelVersion()).as("the old model serves on").isEqualTo("1")));
            scorable.forEach((what, t) -> assertThat(byEvent.get(t.getEventId())).as(what).singleElement()
                    .satisfies(p -> assertThat(p.getScore()).isBetween(0.0, 1.0)));
            assertThat(byEvent.get(huge.getEventId()).get(0).getFeatures().get("amount")).isEqualTo(1e12);
            assertThat(byEvent.get(unseen.getEventId()).get(0).getFeatures().get("merchant_category"))
                    .hasToString("crypto_exchange");
            // The entity is the record's key (the card spec names no entity field), so a record
            // without one is scored, and its prediction has no entity and no key either.
            assertThat(byEvent.get(noKey.getEventId())).as("a record without key").singleElement()
                    .satisfies(p -> assertThat(p.getEntityId()).isNull());
            assertThat(scored).filteredOn(r -> r.value().getEventId().equals(noKey.getEventId()))
                    .singleElement().satisfies(r -> assertThat(r.key()).isNull());
            // Scoring is per record; the at-least-once repeat is dropped by drift-stream's join (DriftTopologyTest).
            assertThat(byEvent.get(duplicate.getEventId())).hasSize(2);
            assertThat(scored).hasSize(expectedPredictions);

            List<ConsumerRecord<byte[], Alert>> raised = alertReader.readUntil(r -> r.size() >= 2, WAIT);
            assertThat(raised).hasSize(2).allSatisfy(r -> {
                assertThat(r.value().getKind()).isEqualTo("model_update");
                assertThat(r.value().getMessage()).contains("rejected");
            });
            assertThat(raised).anySatisfy(r -> assertThat(r.value().getMessage()).contains("Malformed model update"));
            assertThat(raised).anySatisfy(r -> assertThat(r.value().getMessage()).contains("fraud@9"));
        } finally {
            job.cancel().get();
        }
    }

    private Transaction good() {
        return TransactionFixtures.transaction(sequence++, random);
    }

    private byte[] randomBytes(int length, byte first) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        bytes[0] = first;
        return bytes;
    }

    private byte[] serialize(String topic, Transaction t) {
        try (ConfluentAvroSerializer<Object> serializer = new ConfluentAvroSerializer<>()) {
            serializer.configure(Map.of(SchemaRegistryClientConfig.URL, stack.registryUrl()), false);
            return serializer.serialize(topic, t);
        }
    }

    /** Room for the oversized record (400 KB); the broker's own limit (1 MB) still applies. */
    private static KafkaProducer<String, Object> avroProducer(ScoringItJob it, Map<String, String> serializerSettings) {
        return it.avroProducer(Map.of(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 * 1024 * 1024), serializerSettings);
    }
}
