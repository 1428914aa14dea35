package dev.streamscore.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamscore.avro.Alert;
import dev.streamscore.avro.ModelBaseline;
import dev.streamscore.avro.ModelRole;
import dev.streamscore.avro.ModelUpdate;
import dev.streamscore.avro.Prediction;
import dev.streamscore.demo.Transaction;
import dev.streamscore.local.testing.LocalStackExtension;
import dev.streamscore.local.testing.TestStack;
import dev.streamscore.model.bundle.ModelBundle;
import dev.streamscore.model.card.ModelCards;
import dev.streamscore.schemas.registry.RestSchemaRegistryClient;
import dev.streamscore.schemas.registry.SchemaReference;
import dev.streamscore.schemas.registry.SchemaRegistryClientConfig;
import dev.streamscore.schemas.registry.SchemaRegistryClients;
import dev.streamscore.schemas.serde.ConfluentAvroSerializer;
import dev.streamscore.schemas.wire.AvroWireCodec;
import dev.streamscore.scoring.io.DeadLetterSerializer;
import dev.streamscore.scoring.publish.ModelPublisher;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.apache.avro.Conversions;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The real scoring job (ScoringJob on a Flink MiniCluster, parallelism 2) against a real broker and
 * registry: every event ends as a prediction or a dead letter, a model swap mid-stream leaves no
 * event unscored, and a bad model update is rejected with an alert while scoring goes on.
 */
@ExtendWith(LocalStackExtension.class)
class ScoringJobIT {
    private static final Duration WAIT = Duration.ofSeconds(120);

    static TestStack stack;
    static ModelBundle v1;
    static ModelBundle v2;

    private final SplittableRandom random = new SplittableRandom(3);
    private int sequence;

    @BeforeAll
    static void setUp(TestStack testStack) {
        stack = testStack;
        v1 = TrainedModels.version("1");
        v2 = TrainedModels.version("2");
    }

    @Test
    void scoresEveryEventOrDeadLettersItAndSwapsModelsLive() throws Exception {
        ScoringItJob it = ScoringItJob.topics(stack);
        String in = it.in();
        String out = it.out();
        String dlq = it.dlq();
        String updates = it.updates();
        String alerts = it.alerts();
        String baselines = it.baselines();
        ScoringConfig config = it.config(v1.directory());

        JobClient job = ScoringJob.start(config);
        try (KafkaProducer<String, Object> producer = it.avroProducer(Map.of(), Map.of());
                TopicReader<Prediction> predictions = new TopicReader<>(stack.kafkaProperties(), out,
                        it.specific(Prediction.class), "read_uncommitted");
                TopicReader<byte[]> deadLetters = new TopicReader<>(stack.kafkaProperties(), dlq,
                        new ByteArrayDeserializer(), "read_uncommitted");
                TopicReader<Alert> alertReader = new TopicReader<>(stack.kafkaProperties(), alerts,
                        it.specific(Alert.class), "read_uncommitted")) {

            // 1. 200 good events and 5 bad ones of different kinds.
            Set<String> good = produceGood(producer, in, 200);
            produceBad(producer, in);
            List<ConsumerRecord<byte[], Prediction>> scored = predictions.readUntil(r -> r.size() >= 200, WAIT);
            List<ConsumerRecord<byte[], byte[]>> dead = deadLetters.readUntil(r -> r.size() >= 5, WAIT);

            assertThat(scored.stream().map(r -> r.value().getEventId()).collect(Collectors.toSet())).isEqualTo(good);
            assertThat(scored).hasSize(200).allSatisfy(r -> {
                assertThat(r.value().getModelVersion()).isEqualTo("1");
                assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(r.value().getEntityId());
            });
            assertThat(dead).hasSize(5);
            assertThat(dead.stream().map(r -> ScoringItJob.header(r, DeadLetterSerializer.KIND)).toList())
                    .containsExactlyInAnyOrder("BAD_MAGIC_BYTE", "UNKNOWN_SCHEMA_ID", "INVALID_NUMBER", "MISSING_FIELD", "EMPTY");
            assertThat(dead).allSatisfy(r -> {
                assertThat(ScoringItJob.header(r, DeadLetterSerializer.SOURCE_TOPIC)).isEqualTo(in);
                assertThat(ScoringItJob.header(r, DeadLetterSerializer.MESSAGE)).isNotBlank();
            });

            // 2. Swap to v2 while events keep coming: every event is scored, by v1 or v2, and v2 takes over.
            ModelPublisher.publish(v2, ModelRole.CHAMPION, 1.0, false, null, "ScoringJobIT", stack.kafkaProperties(),
                    SchemaRegistryClients.create(Map.of(SchemaRegistryClientConfig.URL, stack.registryUrl())), updates, baselines);
            try (TopicReader<ModelBaseline> baselineReader = new TopicReader<>(stack.kafkaProperties(), baselines,
                    it.specific(ModelBaseline.class), "read_uncommitted")) {
                assertThat(baselineReader.readUntil(r -> !r.isEmpty(), WAIT)).singleElement().satisfies(r -> {
                    assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("fraud@2");
                    assertThat(ModelCards.fromJson(r.value().getCardJson())).isEqualTo(v2.card());
                });
            }
            Set<String> duringSwap = new HashSet<>();
            long deadline = System.nanoTime() + WAIT.toNanos();
            boolean swapped = false;
            while (!swapped && System.nanoTime() < deadline) {
                duringSwap.addAll(produceGood(producer, in, 20));
                int expected = 200 + duringSwap.size();
                List<ConsumerRecord<byte[], Prediction>> now = predictions.readUntil(r -> r.size() >= expected, WAIT);
                swapped = now.get(now.size() - 1).value().getModelVersion().equals("2");
            }
            assertThat(swapped).as("v2 serves within %s", WAIT).isTrue();
            Set<String> afterSwap = produceGood(producer, in, 100);
            List<ConsumerRecord<byte[], Prediction>> all = predictions.readUntil(
                    r -> r.size() >= 200 + duringSwap.size() + 100, WAIT);
            Map<String, String> versionByEvent = all.stream()
                    .collect(Collectors.toMap(r -> r.value().getEventId(), r -> r.value().getModelVersion()));
            assertThat(versionByEvent.keySet()).containsAll(duringSwap).containsAll(afterSwap);
            assertThat(afterSwap).allSatisfy(id -> assertThat(versionByEvent.get(id)).isEqualTo("2"));
            assertThat(all).hasSize(200 + duringSwap.size() + 100);

            // 3. A bad update (wrong checksum) is rejected with an alert; v2 keeps serving.
            publishTampered(producer, updates, v1);
            List<ConsumerRecord<byte[], Alert>> raised = alertReader.readUntil(r -> !r.isEmpty(), WAIT);
            assertThat(raised).singleElement().satisfies(r -> {
                assertThat(r.value().getMessage()).contains("checksum mismatch").contains("fraud@2/CHAMPION keeps serving");
                assertThat(r.value().getKind()).isEqualTo("model_update");
            });
            Set<String> last = produceGood(producer, in, 20);
            int total = all.size() + 20;
            List<ConsumerRecord<byte[], Prediction>> finalRead = predictions.readUntil(r -> r.size() >= total, WAIT);
            assertThat(finalRead.stream().filter(r -> last.contains(r.value().getEventId())))
                    .hasSize(20).allSatisfy(r -> assertThat(r.value().getModelVersion()).isEqualTo("2"));

            // 4. Another team's producer with its own schema, as other clients write them: the amount a
            //    decimal, the merchant category an enum registered under its own subject and referenced.
            Map<String, BigDecimal> amounts = produceWithReferencesAndDecimals(in, 10);
            List<ConsumerRecord<byte[], Prediction>> withTheirs = predictions.readUntil(r -> r.size() >= total + 10, WAIT);
            assertThat(withTheirs.stream().filter(r -> amounts.containsKey(r.value().getEventId())))
                    .hasSize(10).allSatisfy(r -> assertThat(r.value().getFeatures().get("amount"))
                            .isEqualTo(amounts.get(r.value().getEventId()).doubleValue()));
        } finally {
            job.cancel().get();
        }
    }

    private Set<String> produceGood(KafkaProducer<String, Object> producer, String topic, int count) {
        Set<String> ids = TransactionFixtures.send(producer, topic, sequence, count, random);
        sequence += count;
        return ids;
    }

    private void produceBad(KafkaProducer<String, Object> producer, String topic) {
        Properties raw = stack.kafkaProperties();
        try (KafkaProducer<String, byte[]> bytes = new KafkaProducer<>(raw, new StringSerializer(), new ByteArraySerializer())) {
            bytes.send(new ProducerRecord<>(topic, "card-x", "{\"json\":true}".getBytes(StandardCharsets.UTF_8)));
            bytes.send(new ProducerRecord<>(topic, "card-x", new byte[] {0, 0x7f, 0x7f, 0x7f, 0x7f, 1, 2, 3}));
            bytes.send(new ProducerRecord<>(topic, "card-x", null));
        }
        Transaction nan = TransactionFixtures.transaction(sequence++, random);
        nan.setAmount(Double.NaN);
        producer.send(new ProducerRecord<>(topic, nan.getCardId(), nan));
        // Another team's producer on the same topic, registering under its record name.
        Schema clickSchema = SchemaBuilder.record("Click").namespace("com.example").fields().requiredString("event_id").endRecord();
        GenericRecord click = new GenericData.Record(clickSchema);
        click.put("event_id", "click-1");
        ConfluentAvroSerializer<Object> recordNamed = new ConfluentAvroSerializer<>();
        recordNamed.configure(Map.of(SchemaRegistryClientConfig.URL, stack.registryUrl(),
                "value.subject.name.strategy", "RecordNameStrategy"), false);
        try (KafkaProducer<String, Object> other = new KafkaProducer<>(stack.kafkaProperties(), new StringSerializer(), recordNamed)) {
            other.send(new ProducerRecord<>(topic, "user-1", click));
        }
        producer.flush();
    }

    /** Events of a schema registered with a reference (the merchant category enum), amount as decimal(10,2); returns their amounts by event id. */
    private Map<String, BigDecimal> produceWithReferencesAndDecimals(String topic, int count) {
        String prefix = stack.topic("their");
        String category = """
                {"type":"enum","name":"MerchantCategory","namespace":"com.acme","symbols":["grocery","travel","fuel"]}""";
        String payment = """
                {"type":"record","name":"CardPayment","namespace":"com.acme","fields":[
                {"name":"event_id","type":"string"},
                {"name":"event_time","type":{"type":"long","logicalType":"timestamp-millis"}},
                {"name":"amount","type":{"type":"bytes","logicalType":"decimal","precision":10,"scale":2}},
                {"name":"merchant_category","type":"com.acme.MerchantCategory"},
                {"name":"hour_of_day","type":"int"},{"name":"distance_from_home_km","type":"double"},
                {"name":"online","type":"boolean"},{"name":"transactions_last_hour","type":"int"},
                {"name":"card_age_days","type":"int"}]}""";
        SchemaReference reference = new SchemaReference("com.acme.MerchantCategory", prefix + "-category", 1);
        RestSchemaRegistryClient registry = new RestSchemaRegistryClient(SchemaRegistryClientConfig.of(stack.registryUrl()));
        registry.register(reference.subject(), category, List.of());
        int id = registry.register(prefix + "-payment", payment, List.of(reference));
        // The writer's view: the referenced type defined first, as a Confluent client resolves references.
        Schema.Parser parser = new Schema.Parser();
        Schema categories = parser.parse(category);
        Schema schema = parser.parse(payment);
        Schema decimal = schema.getField("amount").schema();
        Conversions.DecimalConversion decimals = new Conversions.DecimalConversion();
        AvroWireCodec codec = new AvroWireCodec(registry);
        Map<String, BigDecimal> amounts = new HashMap<>();
        try (KafkaProducer<String, byte[]> bytes = new KafkaProducer<>(stack.kafkaProperties(), new StringSerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < count; i++) {
                BigDecimal amount = BigDecimal.valueOf(1_000 + random.nextInt(500_000), 2);
                GenericRecord record = new GenericData.Record(schema);
                record.put("event_id", prefix + "-" + i);
                record.put("event_time", System.currentTimeMillis());
                record.put("amount", decimals.toBytes(amount, decimal, decimal.getLogicalType()));
                record.put("merchant_category", new GenericData.EnumSymbol(categories, i % 2 == 0 ? "grocery" : "travel"));
                record.put("hour_of_day", 14);
                record.put("distance_from_home_km", 3.5);
                record.put("online", i % 3 == 0);
                record.put("transactions_last_hour", 1);
                record.put("card_age_days", 400);
                amounts.put(prefix + "-" + i, amount);
                bytes.send(new ProducerRecord<>(topic, "card-theirs-" + i, codec.encode(id, schema, record)));
            }
        }
        return amounts;
    }

    /** A tampered update, as if the bundle changed after it was published. */
    private void publishTampered(KafkaProducer<String, Object> producer, String topic, ModelBundle bundle) {
        ModelUpdate update = ModelUpdate.newBuilder()
                .setModelName(bundle.card().name())
                .setModelVersion(bundle.card().version())
                .setRole(ModelRole.CHAMPION)
                .setLocation(bundle.directory().toUri().toString())
                .setChecksum("0".repeat(64))
                .setTrafficShare(1.0)
                .setPublishedTime(Instant.now())
                .setPublishedBy("ScoringJobIT")
                .build();
        producer.send(new ProducerRecord<>(topic, bundle.card().name() + "@CHAMPION", update));
        producer.flush();
    }
}
