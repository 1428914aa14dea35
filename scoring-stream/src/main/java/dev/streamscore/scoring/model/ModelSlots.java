package dev.streamscore.scoring.model;

import dev.streamscore.avro.ModelRole;
import dev.streamscore.avro.ModelUpdate;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The models one scoring task serves, one per role (champion, challenger, shadow), and the rules
 * for changing them. An update from the model-updates topic is applied only when
 * <ol>
 *   <li>it carries a valid signature, if the job has a public key ({@link ModelSignatures}: the
 *       signature covers every field, role and traffic share included);</li>
 *   <li>it was published after the last update accepted for its role: an older update, signed or
 *       not, is a replay (or comes from a publisher whose clock is behind) and never changes what is
 *       served. The very update already accepted, read again, changes nothing and is no error;</li>
 *   <li>its bundle loads ({@link ModelLoader}), for a version not already served in that role.</li>
 * </ol>
 * Anything else is an {@link Outcome} with a {@link Rejection} that says why, and the models in
 * force keep serving. Not thread-safe: one task's thread owns it.
 */
public final class ModelSlots implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModelSlots.class);
    /** Who "published" a bundle the job was started with: its own configuration, not a signed update. */
    public static final String LOCAL_PUBLISHER = "--model-dir";

    /** Loads and verifies a bundle; {@link ModelLoader#load(ModelUpdate)} in the job. */
    @FunctionalInterface
    public interface Loader {
        ServingModel load(ModelUpdate update) throws ModelLoadException;
    }

    /** What an accepted update changed. */
    public enum Change { INSTALLED, RETIRED, TRAFFIC_SHARE, NONE }

    /** Why an update was refused; a label of the rejection counter. */
    public enum Rejection { MALFORMED, UNSIGNED, BAD_SIGNATURE, NOT_NEWER, LOAD_FAILED }

    /**
     * @param change    what changed, when accepted (null when rejected)
     * @param rejection why it was refused (null when accepted)
     * @param subject   the update, as model@version (ROLE)
     * @param message   what happened, for the log and the alert
     */
    public record Outcome(Change change, Rejection rejection, String subject, String message) {
        static Outcome accepted(Change change, String subject, String message) {
            return new Outcome(change, null, subject, message);
        }

        public static Outcome rejected(Rejection rejection, String subject, String message) {
            return new Outcome(null, rejection, subject, message);
        }

        public boolean isRejected() {
            return rejection != null;
        }
    }

    private final PublicKey trustedKey;
    private final Loader loader;
    private final Map<ModelRole, ServingModel> serving = new EnumMap<>(ModelRole.class);
    private final Map<ModelRole, ModelUpdate> accepted = new EnumMap<>(ModelRole.class);

    /** @param trustedKey null to serve unsigned updates */
    public ModelSlots(PublicKey trustedKey, Loader loader) {
        this.trustedKey = trustedKey;
        this.loader = loader;
    }

    /** The model serving {@code role}, or null. */
    public ServingModel get(ModelRole role) {
        return serving.get(role);
    }

    /** A live, read-only view of the models in force (for gauges). */
    public Map<ModelRole, ServingModel> view() {
        return Collections.unmodifiableMap(serving);
    }

    /**
     * Applies an update from the topic. {@code beforeChange} runs just before the served models
     * change (to score what is buffered for the old ones), and only then.
     */
    public Outcome apply(ModelUpdate update, Runnable beforeChange) {
        ModelRole role = update.getRole();
        String subject = update.getModelName() + "@" + update.getModelVersion() + " (" + role + ")";
        if (trustedKey != null && (update.getSignature() == null || update.getSignature().isBlank())) {
            return Outcome.rejected(Rejection.UNSIGNED, subject,
                    "the update is not signed, and this job only serves updates signed with its --model-public-key");
        }
        if (trustedKey != null && !ModelSignatures.verify(trustedKey, update)) {
            return Outcome.rejected(Rejection.BAD_SIGNATURE, subject, "the signature does not verify with this job's "
                    + "--model-public-key (a field changed after signing, or signed by another key)");
        }
        ModelUpdate last = accepted.get(role);
        if (last != null && !update.getPublishedTime().isAfter(last.getPublishedTime())) {
            if (update.equals(last)) {
                return Outcome.accepted(Change.NONE, subject, "already accepted");
            }
            return Outcome.rejected(Rejection.NOT_NEWER, subject, "published at " + update.getPublishedTime()
                    + ", not after the last update accepted for " + role + " (" + last.getModelName() + "@"
                    + last.getModelVersion() + ", published at " + last.getPublishedTime() + "): a replayed older "
                    + "update, or a publisher whose clock is behind");
        }
        ServingModel current = serving.get(role);
        if (update.getRetired()) {
            accepted.put(role, update);
            if (current == null || !current.card().name().equals(update.getModelName())) {
                return Outcome.accepted(Change.NONE, subject, "nothing to retire: " + update.getModelName()
                        + " does not serve as " + role);
            }
            beforeChange.run();
            serving.remove(role);
            current.close();
            return Outcome.accepted(Change.RETIRED, subject, "retired " + current.describe());
        }
        if (current != null && sameVersion(current.update(), update)) {
            // Routing changes: what is buffered was routed by the old share.
            beforeChange.run();
            accepted.put(role, update);
            serving.put(role, current.withUpdate(update));
            return Outcome.accepted(Change.TRAFFIC_SHARE, subject, current.describe() + " now answers a traffic share of "
                    + update.getTrafficShare());
        }
        ServingModel loaded;
        try {
            loaded = loader.load(update);
        } catch (ModelLoadException e) {
            return Outcome.rejected(Rejection.LOAD_FAILED, subject, e.getMessage());
        }
        beforeChange.run();
        serving.put(role, loaded);
        accepted.put(role, update);
        if (current != null) {
            current.close();
        }
        return Outcome.accepted(Change.INSTALLED, subject, "serving " + loaded.describe() + " (traffic share "
                + update.getTrafficShare() + ")");
    }

    /**
     * Serves the bundle the job was started with as champion; the job's own configuration, so it
     * needs no signature.
     */
    public void installLocal(ModelUpdate initial) throws ModelLoadException {
        ServingModel model = loader.load(initial);
        serving.put(initial.getRole(), model);
        accepted.merge(initial.getRole(), initial, ModelSlots::newer);
        LOG.info("Installed {} from {} (--model-dir)", model.describe(), initial.getLocation());
    }

    /**
     * Reloads the models in force from a checkpoint: the newest update per role of
     * {@code inForce} (union state holds every task's copy), and remembers the newest accepted
     * update per role of both lists, so a replay stays refused across restarts. An update from the
     * topic is verified again (a job restarted with a key serves nothing it cannot verify).
     *
     * @return the updates that could not be served again, as rejections
     */
    public List<Outcome> restore(Collection<ModelUpdate> inForce, Collection<ModelUpdate> acceptedBefore) {
        Map<ModelRole, ModelUpdate> newestInForce = new EnumMap<>(ModelRole.class);
        for (ModelUpdate update : inForce) {
            newestInForce.merge(update.getRole(), update, ModelSlots::newer);
            accepted.merge(update.getRole(), update, ModelSlots::newer);
        }
        for (ModelUpdate update : acceptedBefore) {
            accepted.merge(update.getRole(), update, ModelSlots::newer);
        }
        List<Outcome> failures = new ArrayList<>();
        for (ModelUpdate update : newestInForce.values()) {
            String subject = update.getModelName() + "@" + update.getModelVersion() + " (" + update.getRole() + ")";
            boolean local = LOCAL_PUBLISHER.equals(update.getPublishedBy());
            if (!local && trustedKey != null && !ModelSignatures.verify(trustedKey, update)) {
                failures.add(Outcome.rejected(Rejection.BAD_SIGNATURE, subject, "restored from the checkpoint, but its "
                        + "signature does not verify with this job's --model-public-key; it is not served"));
                continue;
            }
            try {
                serving.put(update.getRole(), loader.load(update));
            } catch (ModelLoadException e) {
                failures.add(Outcome.rejected(Rejection.LOAD_FAILED, subject,
                        "cannot reload it after restore; it is not served: " + e.getMessage()));
            }
        }
        return failures;
    }

    /** What to keep in a checkpoint: the updates of the models in force. */
    public List<ModelUpdate> inForce() {
        List<ModelUpdate> updates = new ArrayList<>();
        for (ServingModel model : serving.values()) {
            updates.add(model.update());
        }
        return updates;
    }

    /** What to keep in a checkpoint: the last accepted update per role, retirements included. */
    public List<ModelUpdate> lastAccepted() {
        return new ArrayList<>(accepted.values());
    }

    @Override
    public void close() {
        for (ServingModel model : serving.values()) {
            model.close();
        }
        serving.clear();
    }

    private static ModelUpdate newer(ModelUpdate a, ModelUpdate b) {
        return b.getPublishedTime().isAfter(a.getPublishedTime()) ? b : a;
    }

    private static boolean sameVersion(ModelUpdate a, ModelUpdate b) {
        return a.getModelName().equals(b.getModelName()) && a.getModelVersion().equals(b.getModelVersion())
                && a.getChecksum().equalsIgnoreCase(b.getChecksum());
    }
}
