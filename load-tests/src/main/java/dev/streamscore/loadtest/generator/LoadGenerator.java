package dev.streamscore.loadtest.generator;

import dev.streamscore.demo.Transaction;
import dev.streamscore.schemas.registry.SchemaRegistryClient;
import dev.streamscore.schemas.wire.AvroWireCodec;
import dev.streamscore.simulator.SimulatorConfig;
import dev.streamscore.simulator.TransactionGenerator;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.avro.Schema;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Open-loop producer of simulator {@link Transaction} events in the Confluent wire format. Each
 * event's id carries its intended send time ({@link EventIds}) and its {@code event_time} is that
 * time, so a prediction's latency is measured from when the event should have been sent, not from
 * when a possibly stalled producer got round to it. Transactions come from the simulator (a pool
 * generated once, reused with new ids) so serialization, not simulation, is the per-event cost.
 */
public final class LoadGenerator implements AutoCloseable {
    private static final int POOL = 20_000;

    private final KafkaProducer<byte[], byte[]> producer;
    private final AtomicLong totalSent = new AtomicLong();
    private final AvroWireCodec codec;
    private final int schemaId;
    private final Schema schema = Transaction.getClassSchema();
    private final String topic;
    private final List<Transaction> pool = new ArrayList<>(POOL);

    public LoadGenerator(String bootstrapServers, SchemaRegistryClient registry, String topic,
            Map<String, String> producerOverrides, long seed) {
        this.topic = topic;
        this.codec = new AvroWireCodec(registry);
        this.schemaId = registry.register(topic + "-value", schema);
        TransactionGenerator simulator = new TransactionGenerator(SimulatorConfig.defaults().withSeed(seed));
        for (int i = 0; i < POOL; i++) {
            pool.add(simulator.next().transaction());
        }
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        // Latency first, like the demo producer: send at once, wait for all replicas.
        props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.putAll(producerOverrides);
        producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    public String topic() {
        return topic;
    }

    /** Events sent by every run so far. */
    public long totalSent() {
        return totalSent.get();
    }

    /** Starts sending {@code schedule} on a thread of its own, beginning a moment from now. */
    public Run start(String tag, OpenLoopSchedule schedule) {
        Run run = new Run(tag, schedule, System.nanoTime() + 20_000_000L);
        Thread thread = new Thread(run::send, "load-generator-" + tag);
        thread.setDaemon(true);
        run.thread = thread;
        thread.start();
        return run;
    }

    @Override
    public void close() {
        producer.close();
    }

    /** One running schedule. */
    public final class Run {
        private final String tag;
        private final OpenLoopSchedule schedule;
        private final long startNanos;
        private final AtomicLong sent = new AtomicLong();
        private final AtomicLong errors = new AtomicLong();
        private volatile long maxLateNanos;
        private volatile boolean stop;
        private Thread thread;

        private Run(String tag, OpenLoopSchedule schedule, long startNanos) {
            this.tag = tag;
            this.schedule = schedule;
            this.startNanos = startNanos;
        }

        private void send() {
            long total = schedule.totalEvents();
            for (long seq = 0; seq < total && !stop; seq++) {
                long due = startNanos + schedule.offsetNanos(seq);
                long now = System.nanoTime();
                while (now < due && !stop) {
                    LockSupport.parkNanos(due - now);
                    now = System.nanoTime();
                }
                // Late sends are still sent (open loop): the lateness shows in the latency.
                maxLateNanos = Math.max(maxLateNanos, now - due);
                Transaction t = pool.get((int) (seq % POOL));
                long intended = BenchClock.toEpochMicros(due);
                t.setEventId(EventIds.of(tag, seq, intended));
                t.setEventTime(Instant.ofEpochMilli(intended / 1000));
                byte[] value = codec.encode(schemaId, schema, t);
                producer.send(new ProducerRecord<>(topic, null, intended / 1000,
                        t.getCardId().getBytes(StandardCharsets.UTF_8), value), (metadata, e) -> {
                            if (e != null) {
                                errors.incrementAndGet();
                            }
                        });
                sent.incrementAndGet();
                totalSent.incrementAndGet();
            }
            producer.flush();
        }

        public String tag() {
            return tag;
        }

        public OpenLoopSchedule schedule() {
            return schedule;
        }

        public long startNanos() {
            return startNanos;
        }

        public long sent() {
            return sent.get();
        }

        public long errors() {
            return errors.get();
        }

        /** Events due by now: what an on-time generator would have sent. */
        public long dueNow() {
            return schedule.dueBy(System.nanoTime() - startNanos);
        }

        /** How late the latest-sent event left compared with its intended time, at worst. */
        public long maxLateMillis() {
            return maxLateNanos / 1_000_000;
        }

        public boolean finished() {
            return !thread.isAlive();
        }

        /** Stops sending early (an overloaded probe). */
        public void stop() {
            stop = true;
        }

        public void await() throws InterruptedException {
            thread.join();
        }
    }
}
