package dev.streamscore.loadtest.drift;

import dev.streamscore.avro.Label;
import dev.streamscore.avro.ModelRole;
import dev.streamscore.avro.Prediction;
import dev.streamscore.demo.Transaction;
import dev.streamscore.loadtest.generator.BenchClock;
import dev.streamscore.loadtest.generator.EventIds;
import dev.streamscore.loadtest.generator.OpenLoopSchedule;
import dev.streamscore.model.card.ModelCard;
import dev.streamscore.schemas.registry.SchemaRegistryClient;
import dev.streamscore.schemas.wire.AvroWireCodec;
import dev.streamscore.simulator.SimulatedTransaction;
import dev.streamscore.simulator.SimulatorConfig;
import dev.streamscore.simulator.TransactionGenerator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Open-loop input for drift-stream: for every event a {@code Prediction} of the demo model (the
 * served feature values and segment of a simulated transaction, as the scoring job writes them)
 * and right after it its {@code Label}, both in the Confluent wire format. One event = two records.
 */
public final class DriftLoadGenerator implements AutoCloseable {
    private static final int POOL = 20_000;

    private final KafkaProducer<byte[], byte[]> producer;
    private final AvroWireCodec codec;
    private final String predictionsTopic;
    private final String labelsTopic;
    private final int predictionSchemaId;
    private final int labelSchemaId;
    private final List<Prediction> predictions;
    private final List<Label> labels;
    private final AtomicLong sent = new AtomicLong();
    private final long labelDelayMillis;

    public DriftLoadGenerator(String bootstrapServers, SchemaRegistryClient registry, String predictionsTopic,
            String labelsTopic, ModelCard card) {
        this(bootstrapServers, registry, predictionsTopic, labelsTopic, card, Duration.ZERO);
    }

    /**
     * @param labelDelay each label's label_time is its event's time plus this (sent with the
     *                   prediction all the same): the join holds both sides that long
     */
    public DriftLoadGenerator(String bootstrapServers, SchemaRegistryClient registry, String predictionsTopic,
            String labelsTopic, ModelCard card, Duration labelDelay) {
        this.labelDelayMillis = labelDelay.toMillis();
        this.codec = new AvroWireCodec(registry);
        this.predictionsTopic = predictionsTopic;
        this.labelsTopic = labelsTopic;
        this.predictionSchemaId = registry.register(predictionsTopic + "-value", Prediction.getClassSchema());
        this.labelSchemaId = registry.register(labelsTopic + "-value", Label.getClassSchema());
        Pool pool = pool(card, POOL);
        this.predictions = pool.predictions();
        this.labels = pool.labels();
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.LINGER_MS_CONFIG, "1");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Predictions of the demo model and their labels, index by index; event ids and times are set when sent. */
    public record Pool(List<Prediction> predictions, List<Label> labels) {
    }

    /**
     * {@code count} predictions of the model of {@code card} (the served feature values and segment
     * of simulated transactions, seed 7, as the scoring job writes them) and their labels.
     */
    public static Pool pool(ModelCard card, int count) {
        List<Prediction> predictions = new ArrayList<>(count);
        List<Label> labels = new ArrayList<>(count);
        TransactionGenerator simulator = new TransactionGenerator(SimulatorConfig.defaults().withSeed(7));
        for (int i = 0; i < count; i++) {
            SimulatedTransaction st = simulator.next();
            Transaction t = st.transaction();
            Map<String, Object> served = new HashMap<>();
            served.put("amount", t.getAmount());
            served.put("merchant_category", t.getMerchantCategory());
            served.put("hour_of_day", (double) t.getHourOfDay());
            served.put("distance_from_home_km", t.getDistanceFromHomeKm());
            served.put("online", t.getOnline() ? 1.0 : 0.0);
            served.put("transactions_last_hour", (double) t.getTransactionsLastHour());
            served.put("card_age_days", (double) t.getCardAgeDays());
            double score = Math.min(1, Math.max(0, (st.fraud() ? 0.7 : 0.1) + (i % 10) / 40.0));
            predictions.add(Prediction.newBuilder().setEventId("x").setEntityId(t.getCardId())
                    .setModelName(card.name()).setModelVersion(card.version()).setRole(ModelRole.CHAMPION)
                    .setScore(score).setDecision(card.output().decide(score))
                    .setDecisionThreshold(card.output().threshold())
                    .setEventTime(Instant.EPOCH).setScoredTime(Instant.EPOCH)
                    .setFeatures(served).setAttributes(Map.of("customer_segment", t.getCustomerSegment()))
                    .build());
            labels.add(Label.newBuilder().setEventId("x").setLabel(st.fraud() ? 1.0 : 0.0)
                    .setLabelTime(Instant.EPOCH).build());
        }
        return new Pool(predictions, labels);
    }

    /** Sends the schedule on the calling thread unless {@code stop} turns true; returns events sent. */
    public long send(String tag, OpenLoopSchedule schedule, java.util.function.BooleanSupplier stop) {
        long start = System.nanoTime() + 20_000_000L;
        long total = schedule.totalEvents();
        long count = 0;
        for (long seq = 0; seq < total && !stop.getAsBoolean(); seq++) {
            long due = start + schedule.offsetNanos(seq);
            long now = System.nanoTime();
            while (now < due) {
                LockSupport.parkNanos(due - now);
                now = System.nanoTime();
            }
            long intended = BenchClock.toEpochMicros(due);
            Instant time = Instant.ofEpochMilli(intended / 1000);
            String id = EventIds.of(tag, seq, intended);
            Prediction p = predictions.get((int) (seq % POOL));
            p.setEventId(id);
            p.setEventTime(time);
            p.setScoredTime(time);
            producer.send(new ProducerRecord<>(predictionsTopic, null, time.toEpochMilli(),
                    p.getEntityId().getBytes(StandardCharsets.UTF_8), codec.encode(predictionSchemaId, p.getSchema(), p)));
            Label l = labels.get((int) (seq % POOL));
            l.setEventId(id);
            Instant labelTime = time.plusMillis(labelDelayMillis);
            l.setLabelTime(labelTime);
            producer.send(new ProducerRecord<>(labelsTopic, null, labelTime.toEpochMilli(),
                    id.getBytes(StandardCharsets.UTF_8), codec.encode(labelSchemaId, l.getSchema(), l)));
            count++;
            sent.incrementAndGet();
        }
        producer.flush();
        return count;
    }

    public long sent() {
        return sent.get();
    }

    @Override
    public void close() {
        producer.close();
    }
}
