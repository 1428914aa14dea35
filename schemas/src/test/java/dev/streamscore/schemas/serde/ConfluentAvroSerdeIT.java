package dev.streamscore.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamscore.avro.Prediction;
import dev.streamscore.local.testing.LocalStackExtension;
import dev.streamscore.local.testing.TestStack;
import dev.streamscore.schemas.SchemaFixtures;
import dev.streamscore.schemas.flink.ConfluentAvroFlinkSchemas;
import dev.streamscore.schemas.registry.CachingSchemaRegistryClient;
import dev.streamscore.schemas.registry.IncompatibleSchemaException;
import dev.streamscore.schemas.registry.RestSchemaRegistryClient;
import dev.streamscore.schemas.registry.SchemaRegistryClient;
import dev.streamscore.schemas.registry.SchemaRegistryClientConfig;
import dev.streamscore.schemas.registry.SchemaRegistryClientFactory;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Records through a real broker and a real registry, as users' producers and consumers send them. */
@ExtendWith(LocalStackExtension.class)
class ConfluentAvroSerdeIT {
    private static TestStack stack;

    @BeforeAll
    static void connect(TestStack testStack) {
        stack = testStack;
    }

    @Test
    void specificRecordsConfiguredByClassNameRoundTrip() {
        String topic = stack.createTopic("predictions", 3);
        List<Prediction> sent = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            Prediction p = SchemaFixtures.prediction("e-" + i);
            p.setEntityId("card-" + (i % 7));
            p.setScoredTime(Instant.ofEpochMilli(1_700_000_000_000L + i));
            sent.add(p);
        }
        Properties producerProps = producerProps();
        producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ConfluentAvroSerializer.class.getName());
        try (KafkaProducer<String, Prediction> producer = new KafkaProducer<>(producerProps)) {
            sent.forEach(p -> producer.send(new ProducerRecord<>(topic, p.getEntityId(), p)));
        }

        Properties consumerProps = consumerProps();
        consumerProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ConfluentAvroDeserializer.class.getName());
        consumerProps.put("specific.avro.reader", "true");
        List<ConsumerRecord<String, Object>> received = consume(topic, consumerProps, null, sent.size());

        assertThat(received).allSatisfy(r -> assertThat(r.value()).isInstanceOf(Prediction.class));
        assertThat(received.stream().map(ConsumerRecord::value).toList()).containsExactlyInAnyOrderElementsOf(sent);
        assertThat(received).allSatisfy(r -> assertThat(r.key()).isEqualTo(((Prediction) r.value()).getEntityId()));
    }

    @Test
    void genericRecordsOfAProducersOwnSchemaRoundTrip() {
        String topic = stack.createTopic("clicks", 1);
        SchemaRegistryClient registry = new CachingSchemaRegistryClient(
                new RestSchemaRegistryClient(SchemaRegistryClientConfig.of(stack.registryUrl())));
        List<GenericRecord> sent = new ArrayList<>();
        try (GenericAvroSerde serde = new GenericAvroSerde(registry);
                KafkaProducer<String, GenericRecord> producer =
                        new KafkaProducer<>(producerProps(), new StringSerializer(), serde.serializer())) {
            for (int i = 0; i < 20; i++) {
                GenericRecord click = SchemaFixtures.click("c-" + i, i * 0.5);
                if (i % 5 == 0) {
                    click.put("dwell_seconds", null);
                }
                sent.add(click);
                producer.send(new ProducerRecord<>(topic, "user-" + i, click));
            }
        }
        try (GenericAvroSerde serde = new GenericAvroSerde(registry)) {
            List<ConsumerRecord<String, Object>> received = consume(topic, consumerProps(), serde.deserializer(), sent.size());
            assertThat(received.stream().map(ConsumerRecord::value).toList()).containsExactlyElementsOf(
                    sent.stream().map(r -> (Object) r).toList());
        }
    }

    @Test
    void aSchemaIsRegisteredOnceThenServedFromCache() {
        String topic = stack.createTopic("cached", 1);
        Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        RestSchemaRegistryClient rest = new RestSchemaRegistryClient(SchemaRegistryClientConfig.of(stack.registryUrl()));
        SchemaRegistryClient counted = counting(rest, calls);
        try (KafkaProducer<String, GenericRecord> producer = new KafkaProducer<>(
                producerProps(), new StringSerializer(), new ConfluentAvroSerializer<>(new CachingSchemaRegistryClient(counted)))) {
            for (int i = 0; i < 200; i++) {
                producer.send(new ProducerRecord<>(topic, "k", SchemaFixtures.click("c-" + i, 1.0)));
            }
        }
        assertThat(calls.get("register")).hasValue(1);
        assertThat(rest.versions(topic + "-value")).containsExactly(1);

        Deserializer<Object> reader = new ConfluentAvroDeserializer<>(new CachingSchemaRegistryClient(counted));
        assertThat(consume(topic, consumerProps(), reader, 200)).hasSize(200);
        assertThat(calls.get("getById")).hasValue(1);
    }

    @Test
    void anIncompatibleSchemaIsRejectedWithAClearException() {
        String topic = stack.createTopic("evolving", 1);
        Properties props = producerProps();
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ConfluentAvroSerializer.class.getName());
        try (KafkaProducer<String, GenericRecord> producer = new KafkaProducer<>(props)) {
            producer.send(new ProducerRecord<>(topic, "k", SchemaFixtures.click("c-1", 1.0)));
            GenericRecord broken = new GenericData.Record(SchemaFixtures.CLICK_INCOMPATIBLE);
            broken.put("click_id", "c-2");
            broken.put("ts", 1L);
            broken.put("page", 3L);
            broken.put("device", SchemaFixtures.click("x", 1.0).get("device"));

            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(topic, "k", broken)))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining(topic + "-value")
                    .hasCauseInstanceOf(IncompatibleSchemaException.class);
        }
    }

    @Test
    void recordsFromFlinkSchemasAreReadByKafkaClients() throws Exception {
        String topic = stack.createTopic("flink-predictions", 1);
        SchemaRegistryClientFactory factory = SchemaRegistryClientFactory.of(SchemaRegistryClientConfig.of(stack.registryUrl()));
        SerializationSchema<Prediction> flinkSchema = ConfluentAvroFlinkSchemas.specificSerializer(
                Prediction.class, topic, SubjectNameStrategy.TOPIC_NAME, true, factory);
        Prediction prediction = SchemaFixtures.prediction("e-flink");
        try (KafkaProducer<String, byte[]> producer =
                     new KafkaProducer<>(producerProps(), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, "card-7", flinkSchema.serialize(prediction)));
        }
        Deserializer<Object> reader = new ConfluentAvroDeserializer<>(factory.create());
        reader.configure(Map.of("specific.avro.reader", "true"), false);
        assertThat(consume(topic, consumerProps(), reader, 1)).singleElement()
                .satisfies(r -> assertThat(r.value()).isEqualTo(prediction));
    }

    private static Properties producerProps() {
        Properties props = stack.kafkaProperties();
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(SchemaRegistryClientConfig.URL, stack.registryUrl());
        return props;
    }

    private static Properties consumerProps() {
        Properties props = stack.kafkaProperties();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + System.nanoTime());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(SchemaRegistryClientConfig.URL, stack.registryUrl());
        return props;
    }

    /** Reads until {@code expected} records arrived or 60 s passed; returns what arrived. */
    @SuppressWarnings("unchecked")
    private static List<ConsumerRecord<String, Object>> consume(
            String topic, Properties props, Deserializer<?> valueDeserializer, int expected) {
        List<ConsumerRecord<String, Object>> records = new ArrayList<>();
        try (KafkaConsumer<String, Object> consumer = valueDeserializer == null
                ? new KafkaConsumer<>(props)
                : new KafkaConsumer<>(props, new StringDeserializer(), (Deserializer<Object>) valueDeserializer)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    private static SchemaRegistryClient counting(SchemaRegistryClient delegate, Map<String, AtomicInteger> calls) {
        return (SchemaRegistryClient) Proxy.newProxyInstance(ConfluentAvroSerdeIT.class.getClassLoader(),
                new Class<?>[] {SchemaRegistryClient.class}, (proxy, method, args) -> {
                    calls.computeIfAbsent(method.getName(), k -> new AtomicInteger()).incrementAndGet();
                    try {
                        return method.invoke(delegate, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
