package dev.streamscore.simulator.live;

import dev.streamscore.avro.Label;
import dev.streamscore.demo.Transaction;
import dev.streamscore.schemas.registry.SchemaRegistryClientConfig;
import dev.streamscore.schemas.serde.ConfluentAvroSerializer;
import dev.streamscore.simulator.SimulatedTransaction;
import dev.streamscore.simulator.SimulatorConfig;
import dev.streamscore.simulator.TransactionGenerator;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams simulated transactions to Kafka in real time, and each one's {@link Label} when its
 * delay has passed: the demo's producer and the feedback producer in one.
 *
 * <p>Transactions go to {@link LiveStreamConfig#topic()} keyed by card id, Labels (event id,
 * 1.0 or 0.0, label time, source {@value #LABEL_SOURCE}) to {@link LiveStreamConfig#labelsTopic()}
 * keyed by event id, both in the Confluent wire format through {@link ConfluentAvroSerializer}
 * (schemas registered under TopicNameStrategy unless the properties say otherwise). The Kafka
 * record timestamp is the event's {@code event_time} and the label's {@code label_time}.
 *
 * <p>Pacing is open-loop: event {@code i} is due at {@code start + i / eventsPerSecond} on the
 * monotonic clock, and a label at its event's due time plus {@code labelDelay / timeCompression};
 * the producer sleeps until the next due record and, if it fell behind, sends everything that is
 * due at once, so a slow send does not slow the rate down (no coordinated omission). A label's
 * {@code label_time} is its event's {@code event_time} plus the same compressed delay.
 *
 * <p>{@link #run()} stops producing events at {@link LiveStreamConfig#maxEvents()} or
 * {@link LiveStreamConfig#maxDuration()}, then keeps sending labels until every sent event has
 * its label, flushes, and returns the counts. {@link #close()} (from any thread, e.g. a shutdown
 * hook) stops a run promptly: labels not yet due are abandoned and reported as pending. The
 * delivery guarantee is that of the Kafka properties given (by default idempotent, acks=all).
 */
public final class LiveStreamProducer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LiveStreamProducer.class);

    /** The {@code source} of every Label the simulator writes. */
    public static final String LABEL_SOURCE = "simulator";
    private static final long PROGRESS_LOG_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);

    private final SimulatorConfig simulation;
    private final LiveStreamConfig live;
    private final Producer<String, SpecificRecord> producer;
    /** Start times this close to the wall clock are taken to mean "now" (see run()). */
    private static final Duration ALIGN_WINDOW = Duration.ofMinutes(1);

    private final TransactionGenerator generator;

    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong eventsSent = new AtomicLong();
    private final AtomicLong labelsSent = new AtomicLong();
    private final AtomicLong sendErrors = new AtomicLong();
    private volatile long labelsPending;
    private volatile long startNanos;
    private volatile long endNanos;

    /**
     * A producer for {@code kafkaProperties}, passed to the Kafka client verbatim (bootstrap
     * servers, security, tuning); its serializers are set here. The registry URL is
     * {@link LiveStreamConfig#registryUrl()} or else the properties' {@code schema.registry.url};
     * the properties' other {@code schema.registry.*} and serde settings apply to the serializer.
     */
    public LiveStreamProducer(SimulatorConfig simulation, LiveStreamConfig live, Properties kafkaProperties) {
        this(simulation, live, createProducer(live, kafkaProperties));
    }

    /** With a given producer (tests pass a MockProducer); the producer is closed by {@link #close()}. */
    LiveStreamProducer(SimulatorConfig simulation, LiveStreamConfig live, Producer<String, SpecificRecord> producer) {
        this.simulation = Objects.requireNonNull(simulation, "simulation");
        this.live = Objects.requireNonNull(live, "live");
        this.producer = Objects.requireNonNull(producer, "producer");
        this.generator = new TransactionGenerator(simulation);
    }

    /**
     * Streams until the configured bound is reached and every label is sent, or until
     * {@link #close()}. Call it once; it blocks the calling thread.
     *
     * @return the final counts
     */
    public LiveStreamStats run() {
        if (closed.get()) {
            throw new IllegalStateException("LiveStreamProducer is closed");
        }
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("LiveStreamProducer.run() may be called only once");
        }
        PriorityQueue<PendingLabel> labels = new PriorityQueue<>(
                Comparator.comparingLong(PendingLabel::dueNanos).thenComparingLong(PendingLabel::sequence));
        String bound = live.maxEvents() > 0 && !live.maxDuration().isZero()
                ? live.maxEvents() + " events or " + live.maxDuration()
                : live.maxEvents() > 0 ? live.maxEvents() + " events"
                : !live.maxDuration().isZero() ? live.maxDuration().toString() : "closed";
        LOG.info("Streaming to {} (events) and {} (labels) at {} events/s until {}; label delay median {} sent {}x sooner;"
                + " seed {}, schedule {}", live.topic(), live.labelsTopic(), simulation.eventsPerSecond(), bound,
                simulation.labelDelayMedian(), live.timeCompression(), simulation.seed(), simulation.schedule());
        startNanos = System.nanoTime();
        // A stream that starts "now" sends each event when its event time comes, so event time and
        // send time agree (latency read off a prediction's event time is then real latency) even
        // though the producer took a moment to start. A stream of another time keeps its pacing.
        long behindNanos = Duration.between(simulation.startTime(), Instant.now()).toNanos();
        if (Math.abs(behindNanos) < ALIGN_WINDOW.toNanos()) {
            startNanos -= behindNanos;
        }
        long maxDurationNanos = live.maxDuration().isZero() ? Long.MAX_VALUE : live.maxDuration().toNanos();
        long nextProgressLog = startNanos + PROGRESS_LOG_NANOS;
        boolean stopped = false;
        try {
            while (true) {
                if (stopRequested.getCount() == 0) {
                    stopped = true;
                    break;
                }
                long now = System.nanoTime();
                while (!labels.isEmpty() && labels.peek().dueNanos() - now <= 0) {
                    PendingLabel label = labels.poll();
                    send(live.labelsTopic(), label.label().getEventId(), label.label().getLabelTime(), label.label(),
                            labelsSent);
                }
                long index = generator.generated();
                long eventOffset = generator.offsetOf(index).toNanos();
                boolean eventsDone = (live.maxEvents() > 0 && index >= live.maxEvents()) || eventOffset >= maxDurationNanos;
                long eventDue = startNanos + eventOffset;
                if (!eventsDone && eventDue - now <= 0) {
                    SimulatedTransaction st = generator.next();
                    Transaction t = st.transaction();
                    send(live.topic(), t.getCardId(), t.getEventTime(), t, eventsSent);
                    labels.add(pendingLabel(st, eventDue, index));
                    labelsPending = labels.size();
                    continue;
                }
                labelsPending = labels.size();
                if (now - nextProgressLog >= 0) {
                    logProgress("Streaming");
                    nextProgressLog = now + PROGRESS_LOG_NANOS;
                }
                if (eventsDone && labels.isEmpty()) {
                    break;
                }
                long wakeAt = eventsDone ? labels.peek().dueNanos()
                        : labels.isEmpty() ? eventDue : Math.min(eventDue, labels.peek().dueNanos());
                if (stopRequested.await(wakeAt - now, TimeUnit.NANOSECONDS)) {
                    stopped = true;
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped = true;
        } catch (RuntimeException e) {
            if (!closed.get()) {
                throw e;
            }
            // close() closed the producer under a send that was still blocked: a stop, not a failure.
            stopped = true;
        } finally {
            try {
                producer.flush();
            } catch (RuntimeException e) {
                LOG.warn("Flushing the producer failed: {}", e.toString());
            }
            labelsPending = labels.size();
            endNanos = System.nanoTime();
            finished.countDown();
        }
        if (stopped && !labels.isEmpty()) {
            LOG.info("Stopped early: {} labels not due yet were not sent", labels.size());
        }
        logProgress("Finished");
        return stats();
    }

    /** The counts so far; safe to call from any thread while {@link #run()} is going. */
    public LiveStreamStats stats() {
        long start = startNanos;
        long end = finished.getCount() == 0 ? endNanos : System.nanoTime();
        Duration elapsed = started.get() && start != 0 ? Duration.ofNanos(end - start) : Duration.ZERO;
        return new LiveStreamStats(eventsSent.get(), labelsSent.get(), sendErrors.get(), labelsPending, elapsed);
    }

    /** Stops a running {@link #run()} (waiting up to 30 s for it to flush), then closes the Kafka producer. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        stopRequested.countDown();
        if (started.get()) {
            try {
                if (!finished.await(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                    LOG.warn("The stream did not stop within {}; closing the producer under it", CLOSE_WAIT);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        producer.close(Duration.ofSeconds(10));
    }

    private PendingLabel pendingLabel(SimulatedTransaction st, long eventDueNanos, long sequence) {
        long compressedNanos = (long) (st.labelDelay().toNanos() / live.timeCompression());
        Instant labelTime = st.eventTime().plusNanos(compressedNanos).truncatedTo(ChronoUnit.MILLIS);
        Label label = new Label(st.eventId(), st.label(), labelTime, LABEL_SOURCE);
        return new PendingLabel(eventDueNanos + compressedNanos, sequence, label);
    }

    private void send(String topic, String key, Instant timestamp, SpecificRecord value, AtomicLong sentCounter) {
        Callback callback = (metadata, exception) -> {
            if (exception == null) {
                sentCounter.incrementAndGet();
            } else {
                sendFailed(topic, exception);
            }
        };
        try {
            producer.send(new ProducerRecord<>(topic, null, timestamp.toEpochMilli(), key, value), callback);
        } catch (RuntimeException e) {
            if (closed.get()) {
                throw e;
            }
            // Serialization errors (e.g. the registry is unreachable) are thrown by send() itself.
            sendFailed(topic, e);
        }
    }

    private void sendFailed(String topic, Exception e) {
        long errors = sendErrors.incrementAndGet();
        // The first error in full, then a reminder every 1,000, so a broken registry does not flood the log.
        if (errors == 1) {
            LOG.warn("Sending to {} failed", topic, e);
        } else if (errors % 1000 == 0) {
            LOG.warn("{} sends failed so far; latest to {}: {}", errors, topic, e.toString());
        }
    }

    private void logProgress(String what) {
        LiveStreamStats s = stats();
        LOG.info("{}: {} events and {} labels sent, {} labels pending, {} send errors, {} s", what, s.eventsSent(),
                s.labelsSent(), s.labelsPending(), s.sendErrors(), s.elapsed().toMillis() / 1000.0);
    }

    private static Producer<String, SpecificRecord> createProducer(LiveStreamConfig live, Properties kafkaProperties) {
        Properties props = new Properties();
        props.putAll(Objects.requireNonNull(kafkaProperties, "kafkaProperties"));
        if (live.registryUrl() != null) {
            props.put(SchemaRegistryClientConfig.URL, live.registryUrl());
        }
        if (props.get(SchemaRegistryClientConfig.URL) == null) {
            throw new IllegalArgumentException("no schema registry: set the registry URL or "
                    + SchemaRegistryClientConfig.URL + " in the Kafka properties");
        }
        Map<String, Object> serdeConfig = new HashMap<>();
        props.forEach((k, v) -> serdeConfig.put(String.valueOf(k), v));
        ConfluentAvroSerializer<SpecificRecord> valueSerializer = new ConfluentAvroSerializer<>();
        valueSerializer.configure(serdeConfig, false);
        try {
            return new KafkaProducer<>(props, new StringSerializer(), valueSerializer);
        } catch (RuntimeException e) {
            valueSerializer.close();
            throw e;
        }
    }

    /** A label waiting for its due time; {@code sequence} keeps labels due at the same nanosecond in event order. */
    private record PendingLabel(long dueNanos, long sequence, Label label) {
    }
}
