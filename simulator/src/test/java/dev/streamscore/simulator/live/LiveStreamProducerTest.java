package dev.streamscore.simulator.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamscore.avro.Label;
import dev.streamscore.demo.Transaction;
import dev.streamscore.simulator.SimulatedTransaction;
import dev.streamscore.simulator.SimulatorConfig;
import dev.streamscore.simulator.SimulatorFixtures;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** Pacing, labels and stopping, against a MockProducer; LiveStreamProducerIT does the same against a real broker. */
class LiveStreamProducerTest {
    private static final Serializer<SpecificRecord> NO_BYTES = (topic, record) -> new byte[0];
    private static final Instant START = Instant.parse("2026-05-01T10:00:00Z");

    private static SimulatorConfig simulation(double rate, Duration labelDelayMedian) {
        return SimulatorConfig.defaults().withSeed(3).withEventsPerSecond(rate).withStartTime(START)
                .withLabelDelayMedian(labelDelayMedian);
    }

    private static MockProducer<String, SpecificRecord> mockProducer(Serializer<SpecificRecord> valueSerializer) {
        return new MockProducer<>(true, null, new StringSerializer(), valueSerializer);
    }

    @Test
    void sendsEveryEventThenItsLabelAtTheCompressedDelay() {
        SimulatorConfig simulation = simulation(2000, Duration.ofSeconds(5));
        LiveStreamConfig live = LiveStreamConfig.defaults().withTopics("txns", "lbls").withMaxEvents(400).withTimeCompression(100);
        MockProducer<String, SpecificRecord> mock = mockProducer(NO_BYTES);

        LiveStreamStats stats;
        try (LiveStreamProducer producer = new LiveStreamProducer(simulation, live, mock)) {
            stats = producer.run();
        }

        List<SimulatedTransaction> expected = SimulatorFixtures.generate(simulation, 400);
        List<ProducerRecord<String, SpecificRecord>> sent = mock.history();
        List<ProducerRecord<String, SpecificRecord>> events = sent.stream().filter(r -> r.topic().equals("txns")).toList();
        List<ProducerRecord<String, SpecificRecord>> labels = sent.stream().filter(r -> r.topic().equals("lbls")).toList();
        assertThat(stats.eventsSent()).isEqualTo(400);
        assertThat(stats.labelsSent()).isEqualTo(400);
        assertThat(stats.sendErrors()).isZero();
        assertThat(stats.labelsPending()).isZero();
        assertThat(events).hasSize(400);
        assertThat(labels).hasSize(400);
        // Open-loop pacing at 2,000/s: the 400th event is not sent before 199.5 ms.
        assertThat(stats.elapsed()).isGreaterThanOrEqualTo(Duration.ofMillis(199));
        assertThat(mock.closed()).isTrue();

        Map<String, Integer> positionOfEvent = new HashMap<>();
        for (int i = 0; i < sent.size(); i++) {
            if (sent.get(i).topic().equals("txns")) {
                positionOfEvent.put(((Transaction) sent.get(i).value()).getEventId(), i);
            }
        }
        for (int i = 0; i < 400; i++) {
            Transaction t = (Transaction) events.get(i).value();
            assertThat(t).isEqualTo(expected.get(i).transaction());
            assertThat(events.get(i).key()).isEqualTo(t.getCardId());
            assertThat(events.get(i).timestamp()).isEqualTo(t.getEventTime().toEpochMilli());
        }
        Map<String, SimulatedTransaction> byId = new HashMap<>();
        expected.forEach(st -> byId.put(st.eventId(), st));
        for (int i = 0; i < sent.size(); i++) {
            ProducerRecord<String, SpecificRecord> record = sent.get(i);
            if (!record.topic().equals("lbls")) {
                continue;
            }
            Label label = (Label) record.value();
            SimulatedTransaction st = byId.get(label.getEventId());
            assertThat(st).as("label of an unknown event %s", label.getEventId()).isNotNull();
            assertThat(record.key()).isEqualTo(label.getEventId());
            assertThat(positionOfEvent.get(label.getEventId())).isLessThan(i);
            assertThat(label.getLabel()).isEqualTo(st.fraud() ? 1.0 : 0.0);
            assertThat(label.getSource()).isEqualTo("simulator");
            long compressedMillis = st.labelDelay().toMillis() / 100;
            assertThat(Duration.between(st.eventTime(), label.getLabelTime()).toMillis())
                    .isBetween(compressedMillis - 1, compressedMillis + 1);
            assertThat(record.timestamp()).isEqualTo(label.getLabelTime().toEpochMilli());
        }
    }

    @Test
    void aDurationBoundStopsEventsAtThatEventTime() {
        SimulatorConfig simulation = simulation(1000, Duration.ofMillis(100));
        LiveStreamConfig live = LiveStreamConfig.defaults().withMaxDuration(Duration.ofMillis(150));
        MockProducer<String, SpecificRecord> mock = mockProducer(NO_BYTES);
        try (LiveStreamProducer producer = new LiveStreamProducer(simulation, live, mock)) {
            LiveStreamStats stats = producer.run();
            assertThat(stats.eventsSent()).isEqualTo(150);
            assertThat(stats.labelsSent()).isEqualTo(150);
        }
    }

    @Test
    void closeStopsAnUnboundedRunPromptlyAndReportsAbandonedLabels() throws Exception {
        SimulatorConfig simulation = simulation(500, Duration.ofHours(1));
        MockProducer<String, SpecificRecord> mock = mockProducer(NO_BYTES);
        LiveStreamProducer producer = new LiveStreamProducer(simulation, LiveStreamConfig.defaults(), mock);
        CompletableFuture<LiveStreamStats> run = CompletableFuture.supplyAsync(producer::run);

        Thread.sleep(300);
        long closeStarted = System.nanoTime();
        producer.close();
        LiveStreamStats stats = run.get(5, TimeUnit.SECONDS);

        assertThat(Duration.ofNanos(System.nanoTime() - closeStarted)).isLessThan(Duration.ofSeconds(2));
        assertThat(stats.eventsSent()).isBetween(50L, 400L);
        assertThat(stats.labelsSent()).isZero();
        assertThat(stats.labelsPending()).isEqualTo(stats.eventsSent());
        assertThat(mock.closed()).isTrue();
        assertThatThrownBy(producer::run).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void sendErrorsAreCountedAndTheStreamGoesOn() {
        Serializer<SpecificRecord> labelsFail = (topic, record) -> {
            if (record instanceof Label) {
                throw new SerializationException("registry unreachable");
            }
            return new byte[0];
        };
        SimulatorConfig simulation = simulation(5000, Duration.ofMillis(10));
        LiveStreamConfig live = LiveStreamConfig.defaults().withMaxEvents(100);
        try (LiveStreamProducer producer = new LiveStreamProducer(simulation, live, mockProducer(labelsFail))) {
            LiveStreamStats stats = producer.run();
            assertThat(stats.eventsSent()).isEqualTo(100);
            assertThat(stats.labelsSent()).isZero();
            assertThat(stats.sendErrors()).isEqualTo(100);
        }
    }

    @Test
    void aRegistryIsRequired() {
        Properties props = new Properties();
        props.setProperty("bootstrap.servers", "127.0.0.1:9");
        assertThatThrownBy(() -> new LiveStreamProducer(SimulatorConfig.defaults(), LiveStreamConfig.defaults(), props))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("schema.registry.url");
    }

    @Test
    void configRejectsBadValuesNamingThem() {
        LiveStreamConfig defaults = LiveStreamConfig.defaults();
        assertThatThrownBy(() -> defaults.withMaxEvents(-1)).hasMessageContaining("maxEvents");
        assertThatThrownBy(() -> defaults.withTimeCompression(0)).hasMessageContaining("timeCompression");
        assertThatThrownBy(() -> defaults.withTopics("same", "same")).hasMessageContaining("must differ");
        assertThatThrownBy(() -> defaults.withTopics(" ", "labels")).hasMessageContaining("topic must be set");
    }
}
