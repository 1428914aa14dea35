package dev.streamscore.simulator.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamscore.avro.Label;
import dev.streamscore.demo.Transaction;
import dev.streamscore.local.testing.LocalStackExtension;
import dev.streamscore.local.testing.TestStack;
import dev.streamscore.schemas.registry.SchemaRegistryClientConfig;
import dev.streamscore.schemas.serde.ConfluentAvroDeserializer;
import dev.streamscore.simulator.SimulatorConfig;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The live stream through a real broker and a real schema registry, read back as a consumer would. */
@ExtendWith(LocalStackExtension.class)
class LiveStreamProducerIT {
    private static final int EVENTS = 500;

    @Test
    void everyEventArrivesOnceAndEveryLabelFollowsItsEvent(TestStack stack) {
        String eventsTopic = stack.createTopic("transactions", 3);
        String labelsTopic = stack.createTopic("labels", 3);
        SimulatorConfig simulation = SimulatorConfig.defaults().withSeed(2024).withEventsPerSecond(1000)
                .withStartTime(Instant.now().truncatedTo(ChronoUnit.MILLIS)).withLabelDelayMedian(Duration.ofSeconds(2));
        LiveStreamConfig live = LiveStreamConfig.defaults().withTopics(eventsTopic, labelsTopic)
                .withRegistryUrl(stack.registryUrl()).withMaxEvents(EVENTS).withTimeCompression(20);
        Properties kafka = stack.kafkaProperties();
        kafka.setProperty("linger.ms", "5");

        LiveStreamStats stats;
        try (LiveStreamProducer producer = new LiveStreamProducer(simulation, live, kafka)) {
            stats = producer.run();
        }
        assertThat(stats.eventsSent()).isEqualTo(EVENTS);
        assertThat(stats.labelsSent()).isEqualTo(EVENTS);
        assertThat(stats.sendErrors()).isZero();
        assertThat(stats.elapsed()).isGreaterThanOrEqualTo(Duration.ofMillis(499));

        List<ConsumerRecord<String, Object>> eventRecords = consume(stack, eventsTopic, EVENTS);
        List<ConsumerRecord<String, Object>> labelRecords = consume(stack, labelsTopic, EVENTS);

        Map<String, Transaction> events = new HashMap<>();
        for (ConsumerRecord<String, Object> record : eventRecords) {
            assertThat(record.value()).isInstanceOf(Transaction.class);
            Transaction t = (Transaction) record.value();
            assertThat(events.put(t.getEventId(), t)).as("duplicate event %s", t.getEventId()).isNull();
            assertThat(record.key()).isEqualTo(t.getCardId());
        }
        assertThat(events).hasSize(EVENTS);

        Map<String, Label> labels = new HashMap<>();
        for (ConsumerRecord<String, Object> record : labelRecords) {
            assertThat(record.value()).isInstanceOf(Label.class);
            Label label = (Label) record.value();
            assertThat(labels.put(label.getEventId(), label)).as("duplicate label %s", label.getEventId()).isNull();
            assertThat(record.key()).isEqualTo(label.getEventId());
            Transaction event = events.get(label.getEventId());
            assertThat(event).as("the event of label %s", label.getEventId()).isNotNull();
            assertThat(label.getLabelTime()).isAfterOrEqualTo(event.getEventTime());
            assertThat(label.getLabel()).isIn(0.0, 1.0);
            assertThat(label.getSource()).isEqualTo(LiveStreamProducer.LABEL_SOURCE);
        }
        assertThat(labels).hasSize(events.size());
    }

    /** Reads until {@code expected} records arrived or 60 s passed, then a little longer to catch duplicates. */
    private static List<ConsumerRecord<String, Object>> consume(TestStack stack, String topic, int expected) {
        Properties props = stack.kafkaProperties();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + System.nanoTime());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ConfluentAvroDeserializer.class.getName());
        props.put("specific.avro.reader", "true");
        props.put(SchemaRegistryClientConfig.URL, stack.registryUrl());
        List<ConsumerRecord<String, Object>> records = new ArrayList<>();
        try (KafkaConsumer<String, Object> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            consumer.poll(Duration.ofMillis(500)).forEach(records::add);
        }
        return records;
    }
}
