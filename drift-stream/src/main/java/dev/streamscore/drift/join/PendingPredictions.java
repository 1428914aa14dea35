package dev.streamscore.drift.join;

import dev.streamscore.avro.Prediction;
import dev.streamscore.drift.metrics.ModelKeys;
import java.util.ArrayList;
import java.util.List;

/**
 * The predictions of one event (one per model version and role: champion, challenger, shadow) the
 * join holds, with where each stands.
 */
public record PendingPredictions(List<Entry> entries) {
    public enum Status {
        /** Waiting for its label. */
        OPEN,
        /** Joined with its label. */
        LABELED,
        /** Its label did not come in time; sent as UNLABELED. */
        EXPIRED,
        /** Its label came too late; sent as LATE. */
        LATE
    }

    public record Entry(Prediction prediction, Status status) {
        public Entry withStatus(Status next) {
            return new Entry(prediction, next);
        }
    }

    public PendingPredictions {
        entries = List.copyOf(entries);
    }

    public static PendingPredictions empty() {
        return new PendingPredictions(List.of());
    }

    /** Whether a prediction of the same model version and role is already held: a duplicate. */
    public boolean contains(Prediction p) {
        return entries.stream().anyMatch(e -> sameIdentity(e.prediction(), p));
    }

    public PendingPredictions plus(Entry entry) {
        List<Entry> next = new ArrayList<>(entries);
        next.add(entry);
        return new PendingPredictions(next);
    }

    public PendingPredictions with(int index, Entry entry) {
        List<Entry> next = new ArrayList<>(entries);
        next.set(index, entry);
        return new PendingPredictions(next);
    }

    private static boolean sameIdentity(Prediction a, Prediction b) {
        return ModelKeys.of(a.getModelName(), a.getModelVersion()).equals(ModelKeys.of(b.getModelName(), b.getModelVersion()))
                && a.getRole() == b.getRole();
    }
}
