package dev.streamscore.lifecycle;

import dev.streamscore.avro.LabeledPrediction;
import dev.streamscore.avro.ModelEvent;
import dev.streamscore.avro.ModelRole;
import dev.streamscore.model.bundle.ModelBundle;
import dev.streamscore.model.card.ModelCard;
import dev.streamscore.model.features.FieldReader;
import dev.streamscore.model.training.Trainer;
import dev.streamscore.schemas.registry.SchemaRegistryClient;
import dev.streamscore.schemas.registry.SchemaRegistryClients;
import dev.streamscore.scoring.model.ModelSignatures;
import dev.streamscore.scoring.publish.ModelPublisher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One retraining of a model, end to end: its current champion's labeled pairs (the newest
 * {@code max-examples}), split by event time into a training set and, newest, the gate's pairs;
 * a candidate trained with the champion's spec by the same trainer as {@code streamscore train};
 * the gate's report on {@code model-events}; a passing candidate published as a shadow (served
 * beside the champion, its predictions monitored, its decisions not used). A failing one is never
 * published. Every step is a {@code model-events} record.
 */
public final class Retrainer {
    private static final Logger LOG = LoggerFactory.getLogger(Retrainer.class);
    private static final Duration READ_TIMEOUT = Duration.ofMinutes(5);

    private Retrainer() {
    }

    /**
     * @param candidate its bundle
     * @param report    the gate's verdict
     * @param events    the model-events records written, in order
     */
    public record Outcome(ModelBundle candidate, GateReport report, List<ModelEvent> events) {
        public boolean published() {
            return events.stream().anyMatch(e -> e.getStep().equals(ModelEvents.PUBLISHED_SHADOW));
        }
    }

    public static Outcome run(RetrainSettings settings) {
        return run(settings, Trigger.COMMAND);
    }

    /**
     * What started a retraining.
     *
     * @param name         as {@link ModelEvent#getTrigger()} records it: {@code command} or {@code alert:<alert id>}
     * @param aboutVersion the model version the trigger is about (an alert's), or null; a trigger about
     *                     another version than the current champion (a shadow's alert) retrains nothing
     */
    public record Trigger(String name, String aboutVersion) {
        public static final Trigger COMMAND = new Trigger(ModelEvents.COMMAND, null);
    }

    /** As {@link #run(RetrainSettings)}; null when the trigger is about another version than the champion. */
    public static Outcome run(RetrainSettings settings, Trigger trigger) {
        Properties kafka = settings.kafkaProperties();
        try (SchemaRegistryClient registry = SchemaRegistryClients.create(settings.registryProperties());
                ModelEvents events = new ModelEvents(kafka, registry, settings.modelEventsTopic(), trigger.name())) {
            LabeledPairs pairs = LabeledPairs.read(kafka, registry, settings.labeledPredictionsTopic(), settings.model(),
                    settings.maxExamples(), settings.maxAge(), READ_TIMEOUT);
            PublishedVersions published = PublishedVersions.read(kafka, registry, settings.modelBaselinesTopic(),
                    settings.model(), READ_TIMEOUT);
            String champion = pairs.championVersion();
            if (trigger.aboutVersion() != null && !trigger.aboutVersion().equals(champion)) {
                LOG.info("{} is about {}@{}, not the champion {}: nothing to retrain", trigger.name(), settings.model(),
                        trigger.aboutVersion(), champion);
                return null;
            }
            // A version once trained is never reused, published or not: a failed candidate's bundle and
            // gate report keep its number.
            String version = settings.version() != null ? settings.version()
                    : published.next(champion, v -> isNonEmptyDirectory(settings.outDir().resolve(settings.model() + "-" + v)));
            List<ModelEvent> written = new ArrayList<>();
            int n = pairs.pairs().size();
            if (n < settings.minExamples()) {
                written.add(events.write(settings.model(), version, champion, ModelEvents.RETRAIN_FAILED,
                        List.of(n + " labeled pairs of " + settings.model() + "@" + champion + ", fewer than min-examples ("
                                + settings.minExamples() + ")"), Map.of("labeled_pairs", (double) n), null));
                throw new IllegalStateException(written.get(0).getReasons().get(0));
            }
            ModelCard championCard = published.card(champion);
            int gateCount = (int) Math.round(n * settings.gate().share());
            List<LabeledPrediction> training = pairs.pairs().subList(0, n - gateCount);
            List<LabeledPrediction> gatePairs = pairs.pairs().subList(n - gateCount, n);

            Path bundleDir = settings.outDir().resolve(settings.model() + "-" + version);
            LOG.info("Training {}@{} on {} labeled pairs of {}@{} (the newest {} held back for the gate) into {}",
                    settings.model(), version, training.size(), settings.model(), champion, gatePairs.size(), bundleDir);
            List<FieldReader> examples = new ArrayList<>(RetrainingExamples.examples(training, championCard));
            String source = settings.labeledPredictionsTopic() + " (" + training.size() + " labeled pairs of "
                    + settings.model() + "@" + champion + ")";
            int previous = 0;
            if (settings.previousShare() > 0) {
                List<FieldReader> rows = PreviousData.sample(settings.previousData(), championCard,
                        settings.previousShare(), training.size(), settings.seed());
                previous = rows.size();
                examples.addAll(rows);
                source += " and " + previous + " rows of " + settings.previousData();
                LOG.info("Mixing in {} rows of {} (previous-share {})", previous, settings.previousData(),
                        settings.previousShare());
            }
            ModelBundle candidate = Trainer.train(RetrainingExamples.spec(championCard), source, examples, version,
                    settings.seed(), null, bundleDir,
                    (epoch, epochs, loss) -> LOG.info("Epoch {}/{}: mean loss {}", epoch, epochs, loss));

            List<FieldReader> gateExamples = RetrainingExamples.examples(gatePairs, championCard);
            GateReport report = new CandidateGate(settings.gate()).judge(gatePairs,
                    CandidateGate.score(gateExamples, candidate), candidate.card().output().threshold());
            Map<String, Double> figures = new HashMap<>(report.figures());
            figures.put("training_examples", (double) training.size());
            figures.put("previous_examples", (double) previous);
            figures.put("candidate_holdout_auc", candidate.card().holdout().auc());
            String bundle = bundleDir.toAbsolutePath().toString();
            written.add(events.write(settings.model(), version, champion,
                    report.passed() ? ModelEvents.GATE_PASSED : ModelEvents.GATE_FAILED, report.reasons(), figures, bundle));
            LOG.info("Gate {} for {}@{} vs champion {}: AUC {} vs {}{}", report.passed() ? "passed" : "failed",
                    settings.model(), version, champion, figures.get("candidate_auc"), figures.get("champion_auc"),
                    report.passed() ? "" : "; " + String.join("; ", report.reasons()));
            if (report.passed() && settings.publish()) {
                ModelPublisher.publish(candidate, ModelRole.SHADOW, 1.0, false, settings.location(), "streamscore retrain",
                        signingKey(settings.signingKey()), kafka, registry, settings.modelUpdatesTopic(),
                        settings.modelBaselinesTopic());
                written.add(events.write(settings.model(), version, champion, ModelEvents.PUBLISHED_SHADOW,
                        ModelRole.SHADOW, List.of(), Map.of(), bundle));
                LOG.info("Published {}@{} as SHADOW", settings.model(), version);
            }
            return new Outcome(candidate, report, List.copyOf(written));
        }
    }

    private static boolean isNonEmptyDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (var entries = Files.list(dir)) {
            return entries.findAny().isPresent();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + dir, e);
        }
    }

    static PrivateKey signingKey(Path file) {
        if (file == null) {
            return null;
        }
        try {
            return ModelSignatures.privateKey(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("--signing-key " + file + ": cannot read", e);
        }
    }
}
