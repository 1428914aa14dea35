package dev.streamscore.drift.join;

import dev.streamscore.avro.Label;
import dev.streamscore.avro.Prediction;
import java.util.Objects;

/** What the join says about a prediction; see {@link LabelJoinProcessor}. */
public record JoinOutcome(Kind kind, Prediction prediction, Label label) implements JoinEvent {
    public enum Kind {
        /** A prediction seen for the first time (not a duplicate): it counts for the served-traffic monitors. */
        ACCEPTED,
        /** A prediction with its label, within the maximum label delay. */
        LABELED,
        /** A prediction whose label did not come within the maximum label delay. */
        UNLABELED,
        /**
         * A prediction already sent as UNLABELED whose label, within the maximum delay, came after all
         * (its input partition was idle or lagging): counted as labeled instead of unlabeled.
         */
        RELABELED,
        /** A label that came after the maximum label delay of its prediction: counted, not joined. */
        LATE
    }

    public JoinOutcome {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(prediction, "prediction");
        if ((kind == Kind.LABELED || kind == Kind.RELABELED || kind == Kind.LATE) && label == null) {
            throw new IllegalArgumentException(kind + " needs a label");
        }
    }
}
