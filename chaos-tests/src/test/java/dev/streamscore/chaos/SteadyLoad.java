package dev.streamscore.chaos;

import dev.streamscore.avro.Label;
import dev.streamscore.demo.Transaction;
import dev.streamscore.schemas.registry.SchemaRegistryClientConfig;
import dev.streamscore.schemas.serde.ConfluentAvroSerializer;
import dev.streamscore.simulator.SimulatedTransaction;
import dev.streamscore.simulator.SimulatorConfig;
import dev.streamscore.simulator.TransactionGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Properties;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A producer application under test conditions: simulator transactions at a constant rate (event
 * time = send time, key = card id), each one's label a fixed delay later (key = event id), with
 * {@code acks=all}, idempotence, and a delivery timeout long enough to ride out a restart of every
 * broker. Records which event ids the brokers acknowledged, and when each was sent: the ground
 * truth of the accounting invariant.
 */
final class SteadyLoad implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SteadyLoad.class);
    private static final Duration LABEL_DELAY = Duration.ofSeconds(2);

    private final KafkaProducer<String, Object> producer;
    private final TransactionGenerator generator;
    private final String eventsTopic;
    private final String labelsTopic;
    private final double perSecond;
    private final Map<String, Instant> sent = new ConcurrentHashMap<>();
    private final Map<String, Instant> acked = new ConcurrentHashMap<>();
    private final Map<String, String> failed = new ConcurrentHashMap<>();
    private final AtomicLong labelsAcked = new AtomicLong();
    /** Labels not sent yet, in send order; each is due at its label time. */
    private final Queue<Label> labelsDue = new ArrayDeque<>();
    private final Thread thread;
    private volatile boolean paused;
    private volatile boolean stopped;

    SteadyLoad(String bootstrapServers, String registryUrl, String eventsTopic, String labelsTopic, double perSecond,
               long seed) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "600000");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        ConfluentAvroSerializer<Object> values = new ConfluentAvroSerializer<>();
        values.configure(Map.of(SchemaRegistryClientConfig.URL, registryUrl), false);
        this.producer = new KafkaProducer<>(props, new StringSerializer(), values);
        this.generator = new TransactionGenerator(SimulatorConfig.defaults().withSeed(seed).withStartTime(Instant.now()));
        this.eventsTopic = eventsTopic;
        this.labelsTopic = labelsTopic;
        this.perSecond = perSecond;
        this.thread = new Thread(this::run, "steady-load");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Stops sending new events (the producer application is down); {@link #resume()} goes on at the same rate. */
    void pause() {
        paused = true;
    }

    void resume() {
        paused = false;
    }

    /** Event id to send time, for every event the brokers acknowledged. */
    Map<String, Instant> acked() {
        return Map.copyOf(acked);
    }

    /** Event ids whose send failed, with the error: the producer gave up, which the test treats as a failure. */
    Map<String, String> failed() {
        return Map.copyOf(failed);
    }

    /** Events handed to the producer and not yet acknowledged or failed. */
    long inFlight() {
        return sent.size() - acked.size() - failed.size();
    }

    Instant sendTime(String eventId) {
        return sent.get(eventId);
    }

    long labelsAcked() {
        return labelsAcked.get();
    }

    private void run() {
        long intervalNanos = (long) (1e9 / perSecond);
        long next = System.nanoTime();
        while (!stopped) {
            long now = System.nanoTime();
            sendDueLabels();
            if (paused) {
                next = now;
                sleepMillis(20);
                continue;
            }
            while (next <= now && !stopped) {
                sendEvent();
                next += intervalNanos;
            }
            sleepMillis(Math.max(1, (next - System.nanoTime()) / 1_000_000));
        }
    }

    private void sendEvent() {
        SimulatedTransaction st = generator.next();
        Transaction t = st.transaction();
        Instant now = Instant.now();
        t.setEventTime(now);
        String id = t.getEventId();
        sent.put(id, now);
        try {
            producer.send(new ProducerRecord<>(eventsTopic, null, now.toEpochMilli(), t.getCardId(), t), (meta, e) -> {
                if (e == null) {
                    acked.put(id, now);
                } else {
                    failed.put(id, e.toString());
                    LOG.warn("Send of event {} failed: {}", id, e.toString());
                }
            });
        } catch (RuntimeException e) {
            failed.put(id, e.toString());
            LOG.warn("Send of event {} failed: {}", id, e.toString());
            return;
        }
        labelsDue.add(new Label(id, st.label(), now.plus(LABEL_DELAY), "chaos-test"));
    }

    private void sendDueLabels() {
        Instant now = Instant.now();
        while (!labelsDue.isEmpty() && !labelsDue.peek().getLabelTime().isAfter(now)) {
            Label label = labelsDue.poll();
            try {
                producer.send(new ProducerRecord<>(labelsTopic, null, label.getLabelTime().toEpochMilli(),
                        label.getEventId(), label), (meta, e) -> {
                            if (e == null) {
                                labelsAcked.incrementAndGet();
                            }
                        });
            } catch (RuntimeException e) {
                LOG.warn("Send of label {} failed: {}", label.getEventId(), e.toString());
            }
        }
    }

    private static void sleepMillis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stopped = true;
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(10));
    }
}
