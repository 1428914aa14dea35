package dev.streamscore.scoring.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamscore.avro.Alert;
import dev.streamscore.avro.ModelRole;
import dev.streamscore.avro.ModelUpdate;
import dev.streamscore.avro.Prediction;
import dev.streamscore.demo.Transaction;
import dev.streamscore.model.bundle.ModelBundle;
import dev.streamscore.schemas.registry.CompatibilityLevel;
import dev.streamscore.schemas.registry.InMemorySchemaRegistryClient;
import dev.streamscore.schemas.registry.SchemaRegistryClient;
import dev.streamscore.schemas.serde.ConfluentAvroSerializer;
import dev.streamscore.scoring.TransactionFixtures;
import dev.streamscore.scoring.core.DeadLetterReason;
import dev.streamscore.scoring.io.DeadLetter;
import dev.streamscore.scoring.io.RawEvent;
import dev.streamscore.scoring.model.ModelSignatures;
import dev.streamscore.scoring.updates.InMemoryUpdates;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scoring operator in Flink's test harness: batching, dead letters, model swaps, state. */
class ScoringOperatorTest {
    private static final SchemaRegistryClient REGISTRY = new InMemorySchemaRegistryClient();

    static {
        // Producers of several schemas share the input topic in these tests.
        REGISTRY.setCompatibility(null, CompatibilityLevel.NONE);
    }

    @TempDir
    static Path dir;
    static ModelBundle v1;
    static ModelBundle v2;

    private Harness harness;
    private final SplittableRandom random = new SplittableRandom(5);
    /** The model-updates topic of this test: a restored harness reads on where the first stopped. */
    private final InMemoryUpdates updates = new InMemoryUpdates();
    private int sequence;
    /** Each update is published after the one before, as a publisher's clock would have it. */
    private long publishedAt = 5_000;

    static SchemaRegistryClient registry() {
        return REGISTRY;
    }

    @BeforeAll
    static void trainModels() {
        v1 = TransactionFixtures.trainModel(dir.resolve("m"), "1", 1, 3000);
        v2 = TransactionFixtures.trainModel(dir.resolve("m"), "2", 2, 3000);
    }

    @AfterEach
    void close() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    private Harness open(int maxBatch, long maxWaitMs,
            String initialModel, OperatorSubtaskState restoreFrom) throws Exception {
        return open(maxBatch, maxWaitMs, initialModel, restoreFrom, null);
    }

    private Harness open(int maxBatch, long maxWaitMs,
            String initialModel, OperatorSubtaskState restoreFrom, String publicKeyPem) throws Exception {
        ScoringSettings settings = new ScoringSettings(maxBatch, maxWaitMs, true, ScoringOperatorTest::registry,
                initialModel, publicKeyPem, dir.resolve("bundle-cache").toString());
        Harness h = new Harness(new ScoringOperator(settings, updates.factory()));
        h.setup();
        if (restoreFrom != null) {
            h.initializeState(restoreFrom);
        }
        h.open();
        return h;
    }

    private RawEvent event(Object record) {
        return event("feature-events", record);
    }

    private RawEvent event(String topic, Object record) {
        int offset = sequence++;
        byte[] value;
        try (ConfluentAvroSerializer<Object> serializer = new ConfluentAvroSerializer<>(REGISTRY)) {
            value = serializer.serialize(topic, record);
        }
        return new RawEvent("card-1".getBytes(StandardCharsets.UTF_8), value, topic, 0, offset, 1_000L + offset);
    }

    private RawEvent transaction() {
        return event(TransactionFixtures.transaction(sequence, random));
    }

    private RawEvent update(ModelBundle bundle, ModelRole role, double share, String checksum) {
        return event("model-updates", modelUpdate(bundle, role, share, checksum));
    }

    private ModelUpdate modelUpdate(ModelBundle bundle, ModelRole role, double share, String checksum) {
        return ModelUpdate.newBuilder()
                .setModelName(bundle.card().name())
                .setModelVersion(bundle.card().version())
                .setRole(role)
                .setLocation(bundle.directory().toUri().toString())
                .setChecksum(checksum == null ? bundle.checksum() : checksum)
                .setTrafficShare(share)
                .setPublishedTime(Instant.ofEpochMilli(publishedAt++))
                .build();
    }

    private List<Prediction> predictions() {
        return harness.extractOutputValues();
    }

    private List<DeadLetter> deadLetters() {
        return sideOutput(ScoringOperator.DEAD_LETTERS);
    }

    /** The harness has no queue for a side output nothing was emitted to. */
    private <T> List<T> sideOutput(OutputTag<T> tag) {
        var records = harness.getSideOutput(tag);
        return records == null ? List.of() : records.stream().map(StreamRecord::getValue).toList();
    }

    @Test
    void flushesWhenTheBatchIsFull() throws Exception {
        harness = open(4, 60_000, v1.directory().toString(), null);
        for (int i = 0; i < 3; i++) {
            harness.processElement1(transaction(), i);
        }
        assertThat(predictions()).isEmpty();
        harness.processElement1(transaction(), 3);
        assertThat(predictions()).hasSize(4)
                .allSatisfy(p -> {
                    assertThat(p.getModelVersion()).isEqualTo("1");
                    assertThat(p.getRole()).isEqualTo(ModelRole.CHAMPION);
                    assertThat(p.getScore()).isBetween(0.0, 1.0);
                    assertThat(p.getDecision()).isIn("fraud", "legit");
                    assertThat(p.getFeatures()).containsKeys("amount", "merchant_category");
                    assertThat(p.getAttributes()).containsKey("customer_segment");
                    assertThat(p.getEntityId()).isEqualTo("card-1");
                });
        assertThat(predictions()).extracting(Prediction::getEventId).containsExactly("txn-0", "txn-1", "txn-2", "txn-3");
    }

    @Test
    void flushesWhenTheOldestEventHasWaitedLongEnough() throws Exception {
        harness = open(64, 5, v1.directory().toString(), null);
        harness.setProcessingTime(100);
        harness.processElement1(transaction(), 0);
        harness.processElement1(transaction(), 1);
        harness.setProcessingTime(104);
        assertThat(predictions()).isEmpty();
        harness.setProcessingTime(105);
        assertThat(predictions()).hasSize(2);
        harness.processElement1(transaction(), 2);
        harness.setProcessingTime(111);
        assertThat(predictions()).hasSize(3);
    }

    @Test
    void flushesBeforeTheCheckpointBarrierAndRestoresTheModelFromState() throws Exception {
        harness = open(64, 60_000, v1.directory().toString(), null);
        harness.processElement2(update(v2, ModelRole.CHAMPION, 1.0, null), 0);
        harness.processElement1(transaction(), 0);
        harness.processElement1(transaction(), 1);
        // What the task does at a checkpoint: the pre-barrier hook, then the snapshot.
        harness.prepareSnapshotPreBarrier(1);
        OperatorSubtaskState snapshot = harness.snapshot(1, 10);
        assertThat(predictions()).as("scored before the snapshot, not kept in it").hasSize(2);
        harness.close();

        // No --model-dir this time: the model in force comes back from state.
        harness = open(64, 60_000, null, snapshot);
        harness.processElement1(transaction(), 2);
        harness.endInput1();
        assertThat(deadLetters()).isEmpty();
        assertThat(predictions()).singleElement().satisfies(p -> assertThat(p.getModelVersion()).isEqualTo("2"));
    }

    @Test
    void badEventsBecomeDeadLettersWithTheirReasonAndTheRestIsScored() throws Exception {
        harness = open(8, 60_000, v1.directory().toString(), null);
        Transaction nan = TransactionFixtures.transaction(100, random);
        nan.setAmount(Double.NaN);
        Schema foreign = SchemaBuilder.record("Other").fields().requiredString("event_id").endRecord();
        GenericRecord other = new GenericData.Record(foreign);
        other.put("event_id", "x-1");
        RawEvent garbage = new RawEvent(null, "not avro".getBytes(StandardCharsets.UTF_8), "feature-events", 0, 90, 1);
        RawEvent unknownId = new RawEvent(null, new byte[] {0, 0x7f, 0, 0, 1, 2}, "feature-events", 0, 91, 1);

        harness.processElement1(transaction(), 0);
        harness.processElement1(event(nan), 1);
        harness.processElement1(event(other), 2);
        harness.processElement1(garbage, 3);
        harness.processElement1(unknownId, 4);
        harness.processElement1(new RawEvent(null, null, "feature-events", 0, 92, 1), 5);
        harness.processElement1(transaction(), 6);
        harness.endInput1();

        assertThat(predictions()).hasSize(2);
        assertThat(deadLetters()).extracting(d -> d.kind.name())
                .containsExactly("INVALID_NUMBER", "MISSING_FIELD", "BAD_MAGIC_BYTE", "UNKNOWN_SCHEMA_ID", "EMPTY");
        assertThat(deadLetters()).allSatisfy(d -> assertThat(d.message).isNotBlank());
        assertThat(deadLetters().get(3).event.offset).isEqualTo(91);
        assertThat(deadLetters().get(0).model).isEqualTo("fraud@1/CHAMPION");
    }

    @Test
    void avroKeysFromConfluentKeySerializersBecomeTheEntityIdText() throws Exception {
        harness = open(2, 60_000, v1.directory().toString(), null);
        RawEvent avroKey = transaction();
        try (ConfluentAvroSerializer<Object> keySerializer = new ConfluentAvroSerializer<>(REGISTRY)) {
            keySerializer.configure(Map.of(), true);
            avroKey.key = keySerializer.serialize("feature-events", new org.apache.avro.util.Utf8("card-42"));
        }
        harness.processElement1(avroKey, 0);
        harness.processElement1(transaction(), 1);
        assertThat(predictions()).extracting(Prediction::getEntityId).containsExactly("card-42", "card-1");
    }

    @Test
    void withoutAModelEventsAreDeadLettersNotLost() throws Exception {
        harness = open(8, 60_000, null, null);
        harness.processElement1(transaction(), 0);
        assertThat(deadLetters()).singleElement().satisfies(d -> assertThat(d.kind).isEqualTo(DeadLetterReason.NO_MODEL));
    }

    @Test
    void swapsModelsWithoutLosingBufferedEvents() throws Exception {
        harness = open(64, 60_000, v1.directory().toString(), null);
        harness.processElement1(transaction(), 0);
        harness.processElement1(transaction(), 1);
        harness.processElement2(update(v2, ModelRole.CHAMPION, 1.0, null), 2);
        harness.processElement1(transaction(), 3);
        harness.endInput1();
        assertThat(predictions()).extracting(Prediction::getModelVersion).containsExactly("1", "1", "2");
    }

    @Test
    void aBadUpdateIsRejectedWithAnAlertAndTheOldModelServesOn() throws Exception {
        harness = open(64, 60_000, v1.directory().toString(), null);
        harness.processElement2(update(v2, ModelRole.CHAMPION, 1.0, "0".repeat(64)), 0);
        harness.processElement2(new RawEvent(null, "garbage".getBytes(StandardCharsets.UTF_8), "model-updates", 0, 1, 1), 1);
        harness.processElement1(transaction(), 2);
        harness.endInput1();

        assertThat(predictions()).singleElement().satisfies(p -> assertThat(p.getModelVersion()).isEqualTo("1"));
        List<Alert> alerts = sideOutput(ScoringOperator.ALERTS);
        assertThat(alerts).hasSize(2);
        assertThat(alerts.get(0).getMessage()).contains("checksum mismatch").contains("fraud@1/CHAMPION keeps serving");
        assertThat(alerts.get(1).getMessage()).contains("Malformed model update");
    }

    @Test
    void withAPublicKeyOnlyUpdatesSignedByItsPrivateKeyAreServed() throws Exception {
        KeyPair keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        KeyPair otherKeys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        harness = open(64, 60_000, v1.directory().toString(), null, pem(keys.getPublic()));

        ModelUpdate unsigned = modelUpdate(v2, ModelRole.CHAMPION, 1.0, null);
        ModelUpdate wrongKey = modelUpdate(v2, ModelRole.CHAMPION, 1.0, null);
        wrongKey.setSignature(ModelSignatures.sign(otherKeys.getPrivate(), wrongKey));
        ModelUpdate tampered = modelUpdate(v2, ModelRole.CHALLENGER, 0.1, null);
        tampered.setSignature(ModelSignatures.sign(keys.getPrivate(), tampered));
        tampered.setRole(ModelRole.CHAMPION);
        for (ModelUpdate refused : List.of(unsigned, wrongKey, tampered)) {
            harness.processElement2(event("model-updates", refused), 0);
        }
        harness.processElement1(transaction(), 1);
        harness.endInput1();
        assertThat(predictions()).extracting(Prediction::getModelVersion).containsExactly("1");
        assertThat(sideOutput(ScoringOperator.ALERTS)).hasSize(3)
                .extracting(Alert::getMessage).allMatch(m -> m.contains("--model-public-key"))
                .allMatch(m -> m.contains("fraud@1/CHAMPION keeps serving"));

        ModelUpdate signed = modelUpdate(v2, ModelRole.CHAMPION, 1.0, null);
        signed.setSignature(ModelSignatures.sign(keys.getPrivate(), signed));
        harness.processElement2(event("model-updates", signed), 2);
        harness.processElement1(transaction(), 3);
        harness.endInput1();
        assertThat(predictions()).extracting(Prediction::getModelVersion).containsExactly("1", "2");
    }

    @Test
    void aReplayedOlderSignedUpdateIsRejectedWithAnAlertAlsoAfterARestore() throws Exception {
        KeyPair keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        harness = open(64, 60_000, null, null, pem(keys.getPublic()));
        ModelUpdate first = modelUpdate(v1, ModelRole.CHAMPION, 1.0, null);
        first.setSignature(ModelSignatures.sign(keys.getPrivate(), first));
        ModelUpdate second = modelUpdate(v2, ModelRole.CHAMPION, 1.0, null);
        second.setSignature(ModelSignatures.sign(keys.getPrivate(), second));
        harness.processElement2(event("model-updates", first), 0);
        harness.processElement2(event("model-updates", second), 1);
        harness.processElement2(event("model-updates", first), 2);
        harness.processElement1(transaction(), 3);
        harness.prepareSnapshotPreBarrier(1);
        OperatorSubtaskState snapshot = harness.snapshot(1, 10);
        assertThat(predictions()).extracting(Prediction::getModelVersion).containsExactly("2");
        assertThat(sideOutput(ScoringOperator.ALERTS)).singleElement().satisfies(alert -> {
            assertThat(alert.getKind()).isEqualTo("model_update");
            assertThat(alert.getMessage()).contains("fraud@1 (CHAMPION) rejected", "NOT_NEWER", "replayed",
                    "fraud@2/CHAMPION keeps serving");
        });
        harness.close();

        harness = open(64, 60_000, null, snapshot, pem(keys.getPublic()));
        harness.processElement2(event("model-updates", first), 4);
        harness.processElement1(transaction(), 5);
        harness.endInput1();
        assertThat(predictions()).extracting(Prediction::getModelVersion).containsExactly("2");
        assertThat(sideOutput(ScoringOperator.ALERTS)).singleElement()
                .satisfies(alert -> assertThat(alert.getMessage()).contains("NOT_NEWER"));
    }

    private static String pem(PublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(key.getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    @Test
    void challengerAnswersItsShareAndShadowScoresEverything() throws Exception {
        harness = open(64, 60_000, v1.directory().toString(), null);
        harness.processElement2(update(v2, ModelRole.SHADOW, 0.0, null), 0);
        for (int i = 0; i < 20; i++) {
            Transaction t = TransactionFixtures.transaction(sequence, random);
            RawEvent e = event(t);
            e.key = ("card-" + i).getBytes(StandardCharsets.UTF_8);
            harness.processElement1(e, i);
        }
        harness.endInput1();
        Map<ModelRole, Long> byRole = predictions().stream()
                .collect(Collectors.groupingBy(Prediction::getRole, Collectors.counting()));
        assertThat(byRole).containsEntry(ModelRole.CHAMPION, 20L).containsEntry(ModelRole.SHADOW, 20L);
    }

    /** The harness with the job's two feeds by name: events (the input) and model updates (the topic, polled). */
    private final class Harness extends OneInputStreamOperatorTestHarness<RawEvent, Prediction> {
        Harness(ScoringOperator operator) throws Exception {
            super(operator);
        }

        void processElement1(RawEvent event, long timestamp) throws Exception {
            processElement(event, timestamp);
        }

        /** Publishes the update, then lets the operator's poll timer fire, as in the job. */
        void processElement2(RawEvent update, long timestamp) throws Exception {
            updates.add(update);
            setProcessingTime(getProcessingTime() + ScoringOperator.UPDATE_POLL.toMillis());
        }

        void endInput1() throws Exception {
            endInput();
        }
    }
}
