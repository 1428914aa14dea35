package dev.streamscore.lifecycle;

import dev.streamscore.avro.Alert;
import dev.streamscore.avro.AlertState;
import dev.streamscore.avro.ModelEvent;
import dev.streamscore.schemas.registry.SchemaRegistryClient;
import dev.streamscore.schemas.registry.SchemaRegistryClients;
import dev.streamscore.schemas.serde.ConfluentAvroDeserializer;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Collection;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code streamscore lifecycle}: retrains a model when drift-stream raises an alert of a chosen kind
 * and severity about its champion (see {@link Retrainer}), at most once per cooldown per model, one
 * retraining at a time. Alerts are read in a consumer group whose offsets are committed after each
 * batch is handled; a new group starts at the topic's end (old alerts retrain nothing). The
 * cooldown is measured from the model's last {@code model-events} record, read at start, so a
 * restart neither loses it nor retrains again for the alert it was handling.
 */
public final class LifecycleApp implements Runnable, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LifecycleApp.class);
    private static final Duration READ_TIMEOUT = Duration.ofMinutes(2);

    private final LifecycleSettings settings;
    private final KafkaConsumer<String, Alert> consumer;
    private final Map<String, Instant> lastStep;
    private final CountDownLatch finished = new CountDownLatch(1);
    private final AtomicBoolean started = new AtomicBoolean();
    private final CountDownLatch ready = new CountDownLatch(1);

    private LifecycleApp(LifecycleSettings settings, KafkaConsumer<String, Alert> consumer, Map<String, Instant> lastStep) {
        this.settings = settings;
        this.consumer = consumer;
        this.lastStep = lastStep;
    }

    public static LifecycleApp create(LifecycleSettings settings) {
        RetrainSettings retrain = settings.retrain();
        Map<String, Instant> lastStep = new HashMap<>();
        SchemaRegistryClient registry = SchemaRegistryClients.create(retrain.registryProperties());
        Properties props = retrain.kafkaProperties();
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<String, ModelEvent> events = new KafkaConsumer<>(props, new StringDeserializer(),
                new ConfluentAvroDeserializer<>(registry, ModelEvent.class))) {
            TopicReader.readToEnd(events, retrain.modelEventsTopic(), "model-events-topic", READ_TIMEOUT, r -> {
                if (r.value() != null) {
                    lastStep.merge(r.value().getModelName(), r.value().getTime(), (a, b) -> a.isAfter(b) ? a : b);
                }
            });
        }
        Properties alertProps = retrain.kafkaProperties();
        alertProps.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        alertProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        alertProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        alertProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // A retraining takes minutes; the group must not give the partitions away meanwhile.
        alertProps.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, Long.toString(Duration.ofMinutes(30).toMillis()));
        KafkaConsumer<String, Alert> consumer = new KafkaConsumer<>(alertProps, new StringDeserializer(),
                new ConfluentAvroDeserializer<>(registry, Alert.class));
        LifecycleApp app = new LifecycleApp(settings, consumer, lastStep);
        consumer.subscribe(List.of(settings.alertsTopic()), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                // Resolves where each partition starts now (a new group: the end), so that every alert
                // written after ready() is seen.
                partitions.forEach(consumer::position);
                app.ready.countDown();
            }
        });
        LOG.info("Watching {} for FIRING {} alerts ({}) of {}; cooldown {}; last steps {}", settings.alertsTopic(),
                settings.kinds(), settings.severities(), settings.models().isEmpty() ? "any model" : settings.models(),
                settings.cooldown(), lastStep);
        return app;
    }

    /** Whether the app has its alert partitions and knows where it reads them from, within {@code timeout}. */
    public boolean awaitReady(Duration timeout) throws InterruptedException {
        return ready.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void run() {
        started.set(true);
        try {
            while (true) {
                for (ConsumerRecord<String, Alert> r : consumer.poll(Duration.ofSeconds(1))) {
                    handle(r.value());
                }
                consumer.commitSync();
            }
        } catch (WakeupException stopping) {
            LOG.info("Stopping the lifecycle app");
        } finally {
            consumer.close();
            finished.countDown();
        }
    }

    private void handle(Alert alert) {
        if (alert == null || alert.getState() != AlertState.FIRING || !settings.kinds().contains(alert.getKind())
                || !settings.severities().contains(alert.getSeverity())) {
            return;
        }
        String model = alert.getModelName();
        if (!settings.models().isEmpty() && !settings.models().contains(model)) {
            return;
        }
        Instant last = lastStep.get(model);
        Instant now = Instant.now();
        if (last != null && now.isBefore(last.plus(settings.cooldown()))) {
            LOG.info("Alert {} ({}): {} was retrained at {}, within the cooldown of {}; nothing to do", alert.getAlertId(),
                    alert.getKind(), model, last, settings.cooldown());
            return;
        }
        LOG.info("Alert {} ({} {} of {}@{}): retraining {}", alert.getAlertId(), alert.getSeverity(), alert.getKind(),
                model, alert.getModelVersion(), model);
        try {
            Retrainer.Outcome outcome = Retrainer.run(settings.retrain().withModel(model),
                    new Retrainer.Trigger("alert:" + alert.getAlertId(), alert.getModelVersion()));
            if (outcome != null) {
                lastStep.put(model, Instant.now());
            }
        } catch (RuntimeException e) {
            // A retraining that cannot run (too few pairs, no card) waits for the cooldown too, not for the next alert.
            lastStep.put(model, Instant.now());
            LOG.error("Retraining {} for alert {} failed: {}", model, alert.getAlertId(), e.getMessage());
        }
    }

    /** Stops {@link #run()} (after the retraining in progress, if any) and waits for it. */
    @Override
    public void close() {
        if (!started.get()) {
            consumer.close();
            return;
        }
        consumer.wakeup();
        try {
            finished.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static void main(String[] args) {
        LifecycleApp app;
        try {
            app = create(LifecycleSettings.from(args, System.getenv()));
        } catch (RuntimeException e) {
            LOG.error("lifecycle cannot start: {}", e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(app::close, "lifecycle-shutdown"));
        app.run();
    }
}
