package dev.streamscore.lifecycle;

import dev.streamscore.config.SettingsSpec;
import dev.streamscore.avro.Alert;
import dev.streamscore.avro.AlertState;
import dev.streamscore.avro.ModelEvent;
import dev.streamscore.avro.MonitorMetric;
import dev.streamscore.schemas.registry.SchemaRegistryClient;
import dev.streamscore.schemas.registry.SchemaRegistryClients;
import dev.streamscore.schemas.serde.ConfluentAvroDeserializer;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code streamscore lifecycle}: the closed loop for each model. It retrains a model when
 * drift-stream raises an alert of a chosen kind and severity about its champion, or on a schedule
 * ({@link Retrainer}: gate, then a passing candidate published as a shadow), and then rolls the
 * candidate out on live traffic: shadow, challenger, champion, each step judged on drift-stream's
 * per-version performance windows ({@link LiveJudge}) and rolled back automatically when the
 * candidate does worse ({@link RolloutActions}). One retraining or rollout at a time per model, at
 * most one retraining per cooldown, repeated after it while a triggering alert stays open.
 *
 * <p>Its state is {@code model-events}, read at start: the cooldown, and which candidate is at which
 * step since when. The windows a step is judged on are read again from {@code drift-metrics} from
 * the step's start, so a restart (or a kill) resumes the step it was in with the same evidence.
 * Alerts are read in a consumer group whose offsets are committed after each batch is handled; a
 * new group starts at the topic's end (old alerts retrain nothing).
 */
public final class LifecycleApp implements Runnable, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LifecycleApp.class);
    private static final Duration READ_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration POLL = Duration.ofMillis(500);

    private final LifecycleSettings settings;
    private final KafkaConsumer<String, Alert> alerts;
    private final KafkaConsumer<String, MonitorMetric> metrics;
    private final KafkaConsumer<String, ModelEvent> events;
    private final RolloutLog log;
    private final RolloutActions actions;
    private final Map<String, LiveJudge> judges = new HashMap<>();
    private final Map<String, Map<String, Alert>> openTriggers = new HashMap<>();
    private final Instant startedAt = Instant.now();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final AtomicBoolean started = new AtomicBoolean();
    private final CountDownLatch ready = new CountDownLatch(1);

    private LifecycleApp(LifecycleSettings settings, KafkaConsumer<String, Alert> alerts,
            KafkaConsumer<String, MonitorMetric> metrics, KafkaConsumer<String, ModelEvent> events, RolloutLog log,
            RolloutActions actions) {
        this.settings = settings;
        this.alerts = alerts;
        this.metrics = metrics;
        this.events = events;
        this.log = log;
        this.actions = actions;
        syncJudges();
    }

    public static LifecycleApp create(LifecycleSettings settings) {
        RetrainSettings retrain = settings.retrain();
        SchemaRegistryClient registry = SchemaRegistryClients.create(retrain.registryProperties());
        Properties props = retrain.kafkaProperties();
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        RolloutLog log = new RolloutLog();
        // Read to the end now, then on: a rollout started by `streamscore retrain` is judged too.
        KafkaConsumer<String, ModelEvent> events = new KafkaConsumer<>(props, new StringDeserializer(),
                new ConfluentAvroDeserializer<>(registry, ModelEvent.class));
        TopicReader.readToEnd(events, retrain.modelEventsTopic(), "model-events-topic", READ_TIMEOUT, r -> {
            if (r.value() != null) {
                log.apply(r.value());
            }
        });
        RolloutActions actions = new RolloutActions(retrain, settings.rollout(), registry, settings.alertsTopic());
        actions.reconcile(log.lastRolloutSteps());
        KafkaConsumer<String, MonitorMetric> metrics = new KafkaConsumer<>(props, new StringDeserializer(),
                new ConfluentAvroDeserializer<>(registry, MonitorMetric.class));
        List<TopicPartition> metricPartitions = TopicReader.partitions(metrics, settings.metricsTopic(),
                "drift-metrics-topic", READ_TIMEOUT);
        metrics.assign(metricPartitions);
        metrics.seekToEnd(metricPartitions);
        metricPartitions.forEach(metrics::position);

        Properties alertProps = retrain.kafkaProperties();
        alertProps.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        alertProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        alertProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        alertProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // A retraining takes minutes; the group must not give the partitions away meanwhile.
        alertProps.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, Long.toString(Duration.ofMinutes(30).toMillis()));
        KafkaConsumer<String, Alert> alerts = new KafkaConsumer<>(alertProps, new StringDeserializer(),
                new ConfluentAvroDeserializer<>(registry, Alert.class));
        LifecycleApp app = new LifecycleApp(settings, alerts, metrics, events, log, actions);
        alerts.subscribe(List.of(settings.alertsTopic()), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                // Resolves where each partition starts now (a new group: the end), so that every alert
                // written after ready() is seen.
                partitions.forEach(alerts::position);
                app.ready.countDown();
            }
        });
        LOG.info("Watching {} for FIRING {} alerts ({}) of {}; cooldown {}; {}; rollouts in progress {}",
                settings.alertsTopic(), settings.kinds(), settings.severities(),
                settings.models().isEmpty() ? "any model" : settings.models(), settings.cooldown(),
                settings.retrainEvery().isZero() ? "no schedule" : "retraining every " + settings.retrainEvery(),
                log.active().values());
        return app;
    }

    /**
     * Moves the metrics consumer back to where windows from {@code since} on begin, unless it is there
     * already: a step's judge reads every window of its step, whenever the step started (before a
     * restart, or while the app was retraining). Judges ignore a window they have seen.
     */
    private void rewindMetrics(Instant since) {
        Map<TopicPartition, Long> times = new HashMap<>();
        metrics.assignment().forEach(p -> times.put(p, since.toEpochMilli()));
        for (Map.Entry<TopicPartition, OffsetAndTimestamp> e : metrics.offsetsForTimes(times).entrySet()) {
            if (e.getValue() != null && e.getValue().offset() < metrics.position(e.getKey())) {
                metrics.seek(e.getKey(), e.getValue().offset());
            }
        }
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
                for (ConsumerRecord<String, Alert> r : alerts.poll(POLL)) {
                    handle(r.value());
                }
                alerts.commitSync();
                ConsumerRecords<String, ModelEvent> steps = events.poll(Duration.ZERO);
                for (ConsumerRecord<String, ModelEvent> r : steps) {
                    if (r.value() != null) {
                        log.apply(r.value());
                    }
                }
                if (!steps.isEmpty()) {
                    syncJudges();
                }
                for (ConsumerRecord<String, MonitorMetric> r : metrics.poll(POLL)) {
                    if (r.value() != null) {
                        judge(r.value());
                    }
                }
                retrainOnAlerts();
                retrainOnSchedule();
            }
        } catch (WakeupException stopping) {
            LOG.info("Stopping the lifecycle app");
        } finally {
            alerts.close();
            metrics.close();
            events.close();
            actions.close();
            finished.countDown();
        }
    }

    /**
     * Keeps the open (FIRING, not yet RESOLVED) alerts that trigger a retraining, per model: a model
     * is retrained while one is open, once it is not being rolled out and its cooldown has passed, so
     * an alert that fired during the cooldown, or during a rollout that was then rolled back, still
     * retrains it later. Alert rules emit transitions, not repeats, so nothing else would.
     */
    private void handle(Alert alert) {
        if (alert == null || RolloutActions.ALERT_KIND.equals(alert.getKind()) || !settings.kinds().contains(alert.getKind())) {
            return;
        }
        String model = alert.getModelName();
        if (!settings.models().isEmpty() && !settings.models().contains(model)) {
            return;
        }
        if (alert.getState() == AlertState.RESOLVED) {
            Map<String, Alert> open = openTriggers.get(model);
            if (open != null && open.remove(alert.getAlertId()) != null) {
                LOG.info("Alert {} of {}@{} resolved", alert.getAlertId(), model, alert.getModelVersion());
            }
            return;
        }
        if (settings.severities().contains(alert.getSeverity())) {
            openTriggers.computeIfAbsent(model, m -> new LinkedHashMap<>()).put(alert.getAlertId(), alert);
            LOG.info("Alert {} ({} {} of {}@{}) is open: {} will be retrained once it is not being rolled out and its "
                    + "cooldown has passed", alert.getAlertId(), alert.getSeverity(), alert.getKind(), model,
                    alert.getModelVersion(), model);
        }
    }

    private void retrainOnAlerts() {
        for (Map.Entry<String, Map<String, Alert>> e : Map.copyOf(openTriggers).entrySet()) {
            String model = e.getKey();
            Map<String, Alert> open = e.getValue();
            Instant last = log.lastStep(model).orElse(null);
            if (open.isEmpty() || busy(model, "Open alerts")
                    || last != null && Instant.now().isBefore(last.plus(settings.cooldown()))) {
                continue;
            }
            Alert newest = open.values().stream().max(java.util.Comparator.comparing(Alert::getCreatedTime)).orElseThrow();
            LOG.info("Alert {} ({} {} of {}@{}) is open: retraining {}", newest.getAlertId(), newest.getSeverity(),
                    newest.getKind(), model, newest.getModelVersion(), model);
            if (!retrain(model, new Retrainer.Trigger("alert:" + newest.getAlertId(), newest.getModelVersion()))) {
                // About a version that is not the champion (a shadow's, or one since replaced): never retrains.
                open.values().removeIf(a -> a.getModelVersion().equals(newest.getModelVersion()));
            }
        }
    }

    private void retrainOnSchedule() {
        if (settings.retrainEvery().isZero()) {
            return;
        }
        for (String model : settings.models()) {
            Instant last = log.lastStep(model).filter(t -> t.isAfter(startedAt)).orElse(startedAt);
            if (Instant.now().isAfter(last.plus(settings.retrainEvery())) && !busy(model, "The schedule")) {
                LOG.info("{} since {}'s last step: retraining it on the schedule", settings.retrainEvery(), model);
                retrain(model, new Retrainer.Trigger("schedule", null));
            }
        }
    }

    /** Whether a candidate of {@code model} is still being evaluated (then nothing retrains it). */
    private boolean busy(String model, String what) {
        Rollout r = log.active(model).orElse(null);
        if (r != null) {
            LOG.debug("{}: {}@{} is being evaluated as {} since {}; nothing to do", what, model, r.candidate(), r.stage(),
                    r.since());
        }
        return r != null;
    }

    /** @return false when the trigger is about another version than the champion (nothing was retrained) */
    private boolean retrain(String model, Retrainer.Trigger trigger) {
        try {
            Retrainer.Outcome outcome = Retrainer.run(settings.retrain().withModel(model), trigger);
            if (outcome == null) {
                return false;
            }
            outcome.events().forEach(log::apply);
            syncJudges();
        } catch (RuntimeException e) {
            // A retraining that cannot run (too few pairs, no card) waits for the cooldown too.
            log.touch(model, Instant.now());
            LOG.error("Retraining {} ({}) failed: {}", model, trigger.name(), e.getMessage());
        }
        return true;
    }

    private void judge(MonitorMetric m) {
        LiveJudge judge = judges.get(m.getModelName());
        if (judge == null) {
            return;
        }
        LiveJudge.Decision decision = judge.offer(m);
        if (decision.verdict() == LiveJudge.Verdict.WAIT) {
            return;
        }
        log.apply(actions.act(judge.rollout(), decision));
        syncJudges();
    }

    /** One judge per rollout in progress, new when a candidate changed step. */
    private void syncJudges() {
        judges.keySet().retainAll(log.active().keySet());
        log.active().forEach((model, rollout) -> {
            LiveJudge judge = judges.get(model);
            if (judge == null || !judge.rollout().equals(rollout)) {
                judges.put(model, new LiveJudge(rollout, settings.rollout()));
                rewindMetrics(rollout.since());
            }
        });
    }

    /** Stops {@link #run()} (after the retraining in progress, if any) and waits for it. */
    @Override
    public void close() {
        if (!started.get()) {
            alerts.close();
            metrics.close();
            events.close();
            actions.close();
            return;
        }
        alerts.wakeup();
        metrics.wakeup();
        try {
            finished.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static void main(String[] args) {
        if (SettingsSpec.wantsHelp(args)) {
            System.out.print(LifecycleFlags.LIFECYCLE.help());
            return;
        }
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
