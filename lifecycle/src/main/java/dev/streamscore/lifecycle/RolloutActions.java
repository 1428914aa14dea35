package dev.streamscore.lifecycle;

import dev.streamscore.avro.Alert;
import dev.streamscore.avro.AlertState;
import dev.streamscore.avro.ModelEvent;
import dev.streamscore.avro.ModelRole;
import dev.streamscore.avro.ModelUpdate;
import dev.streamscore.avro.Severity;
import dev.streamscore.model.bundle.ModelBundle;
import dev.streamscore.schemas.registry.SchemaRegistryClient;
import dev.streamscore.schemas.serde.ConfluentAvroDeserializer;
import dev.streamscore.schemas.serde.ConfluentAvroSerializer;
import dev.streamscore.scoring.publish.ModelPublisher;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out a rollout's steps: the step is written to {@code model-events} first (it is the
 * decision, and the app's state), then the model updates it implies are published, then an alert
 * tells subscribers. At start the app checks the last step of each model against
 * {@code model-updates} and publishes what is missing ({@link #reconcile}), so an app killed between
 * the step and its updates completes the step on restart, and never decides it again.
 */
final class RolloutActions implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RolloutActions.class);
    static final String ALERT_KIND = "lifecycle";
    static final String TRIGGER = "live-metrics";

    /** One model update a step implies: the candidate published in {@code role}, or {@code role} retired. */
    record Change(ModelRole role, boolean retire, double share) {
    }

    private final RetrainSettings settings;
    private final RolloutSettings rollout;
    private final SchemaRegistryClient registry;
    private final ModelEvents events;
    private final KafkaProducer<String, Object> alerts;
    private final String alertsTopic;
    private final PrivateKey signingKey;

    RolloutActions(RetrainSettings settings, RolloutSettings rollout, SchemaRegistryClient registry, String alertsTopic) {
        this.settings = settings;
        this.rollout = rollout;
        this.registry = registry;
        this.events = new ModelEvents(settings.kafkaProperties(), registry, settings.modelEventsTopic(), TRIGGER);
        Properties props = settings.kafkaProperties();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        this.alerts = new KafkaProducer<>(props, new StringSerializer(), new ConfluentAvroSerializer<>(registry));
        this.alertsTopic = alertsTopic;
        this.signingKey = Retrainer.signingKey(settings.signingKey());
    }

    /**
     * Acts on a verdict about {@code r}: writes the step, publishes its updates, raises its alert.
     *
     * @return the step written
     */
    ModelEvent act(Rollout r, LiveJudge.Decision d) {
        String step;
        ModelRole role;
        if (d.verdict() == LiveJudge.Verdict.ROLL_BACK) {
            step = ModelEvents.ROLLED_BACK;
            role = r.stage();
        } else if (r.stage() == ModelRole.SHADOW) {
            step = ModelEvents.PROMOTED_CHALLENGER;
            role = ModelRole.CHALLENGER;
        } else {
            step = ModelEvents.PROMOTED_CHAMPION;
            role = ModelRole.CHAMPION;
        }
        ModelEvent event = events.write(r.model(), r.candidate(), r.champion(), step, role, d.reasons(), d.figures(),
                r.bundle());
        LOG.info("{}@{} {} ({} vs champion {}: live AUC {} vs {} over {} windows){}", r.model(), r.candidate(), step,
                r.stage(), r.champion(), d.figures().get("candidate_live_auc"), d.figures().get("champion_live_auc"),
                d.figures().get("live_windows"), d.reasons().isEmpty() ? "" : ": " + String.join("; ", d.reasons()));
        ModelBundle bundle = ModelBundle.load(Path.of(event.getBundle()));
        for (Change change : changes(event, rollout)) {
            publish(event, change, bundle);
        }
        alert(event, d);
        return event;
    }

    /** The model updates a rollout step implies, in the order they are published. */
    static List<Change> changes(ModelEvent step, RolloutSettings settings) {
        return switch (step.getStep()) {
            // The shadow retired first: a shadow scores every event, the challenger's too, so both at once would
            // count the events the challenger answers twice for the candidate's version.
            case ModelEvents.PROMOTED_CHALLENGER -> List.of(new Change(ModelRole.SHADOW, true, 1.0),
                    new Change(ModelRole.CHALLENGER, false, settings.challengerShare()));
            case ModelEvents.PROMOTED_CHAMPION -> List.of(new Change(ModelRole.CHAMPION, false, 1.0),
                    new Change(ModelRole.CHALLENGER, true, 1.0));
            case ModelEvents.ROLLED_BACK -> step.getRole() == null ? List.of()
                    : List.of(new Change(step.getRole(), true, 1.0));
            default -> List.of();
        };
    }

    /**
     * Publishes the updates of each model's last rollout step that {@code model-updates} does not show
     * yet (the app stopped between writing the step and publishing them).
     */
    void reconcile(Map<String, ModelEvent> lastSteps) {
        if (lastSteps.isEmpty()) {
            return;
        }
        Map<String, ModelUpdate> latest = latestUpdates();
        for (ModelEvent step : lastSteps.values()) {
            for (Change change : changes(step, rollout)) {
                ModelUpdate current = latest.get(step.getModelName() + "@" + change.role().name());
                if (!done(change, current, step.getCandidateVersion())) {
                    LOG.warn("{}@{} {}: model-updates does not show {} {} yet (the app stopped before publishing it); "
                            + "publishing it now", step.getModelName(), step.getCandidateVersion(), step.getStep(),
                            change.retire() ? "the retirement of" : "the candidate as", change.role());
                    publish(step, change, ModelBundle.load(Path.of(step.getBundle())));
                }
            }
        }
    }

    static boolean done(Change change, ModelUpdate current, String candidate) {
        if (change.retire()) {
            // Someone else's update of that role since: not ours to retire.
            return current == null || current.getRetired() || !current.getModelVersion().equals(candidate);
        }
        return current != null && !current.getRetired() && current.getModelVersion().equals(candidate)
                && current.getTrafficShare() == change.share();
    }

    private void publish(ModelEvent step, Change change, ModelBundle bundle) {
        ModelPublisher.publish(bundle, change.role(), change.share(), change.retire(), settings.location(),
                "streamscore lifecycle (" + step.getStep() + ")", signingKey, settings.kafkaProperties(), registry,
                settings.modelUpdatesTopic(), settings.modelBaselinesTopic());
        LOG.info("Published {}@{} {} {}", step.getModelName(), step.getCandidateVersion(),
                change.retire() ? "retired from" : "as", change.role());
    }

    private Map<String, ModelUpdate> latestUpdates() {
        Properties props = settings.kafkaProperties();
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        Map<String, ModelUpdate> latest = new HashMap<>();
        try (KafkaConsumer<String, ModelUpdate> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ConfluentAvroDeserializer<>(registry, ModelUpdate.class))) {
            TopicReader.readToEnd(consumer, settings.modelUpdatesTopic(), "model-updates-topic", Duration.ofMinutes(2),
                    r -> {
                        if (r.key() != null) {
                            latest.put(r.key(), r.value());
                        }
                    });
        }
        return latest;
    }

    /** A notice of the step on the alerts topic: FIRING once, never resolved (a step is done when it is written). */
    private void alert(ModelEvent step, LiveJudge.Decision d) {
        boolean rolledBack = step.getStep().equals(ModelEvents.ROLLED_BACK);
        double candidate = d.figures().getOrDefault("candidate_live_auc", Double.NaN);
        double threshold = d.figures().containsKey("champion_live_auc")
                ? d.figures().get("champion_live_auc") - rollout.maxAucDrop() : rollout.minAuc();
        String message = step.getModelName() + "@" + step.getCandidateVersion() + " " + step.getStep().replace('_', ' ')
                + (rolledBack ? " from " + step.getRole() + ": " + String.join("; ", d.reasons())
                : String.format(java.util.Locale.ROOT, " (live AUC %.4f vs champion %s's %.4f)", candidate,
                        step.getChampionVersion(), d.figures().getOrDefault("champion_live_auc", Double.NaN)));
        Alert alert = Alert.newBuilder()
                .setAlertId(step.getModelName() + "@" + step.getCandidateVersion() + "/" + ALERT_KIND + "/" + step.getStep()
                        + "/" + step.getTime().toEpochMilli())
                .setModelName(step.getModelName())
                .setModelVersion(step.getCandidateVersion())
                .setKind(ALERT_KIND)
                .setSeverity(rolledBack ? Severity.WARNING : Severity.INFO)
                .setState(AlertState.FIRING)
                .setRule(step.getStep())
                .setMetric(LiveJudge.METRIC)
                .setValue(candidate)
                .setThreshold(threshold)
                .setWindowStart(d.first())
                .setWindowEnd(d.last())
                .setSampleSize(d.candidateLabels())
                .setMessage(message)
                .setCreatedTime(Instant.now())
                .build();
        try {
            alerts.send(new ProducerRecord<>(alertsTopic, step.getModelName() + "@" + step.getCandidateVersion(), alert))
                    .get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // The step is written and published: a missing notice is logged, not retried.
            LOG.error("Could not write the {} alert to {} (--alerts-topic): {}", step.getStep(), alertsTopic,
                    e.getCause().getMessage());
        }
    }

    @Override
    public void close() {
        events.close();
        alerts.close();
    }
}
