package dev.streamscore.scoring.model;

import dev.streamscore.avro.Alert;
import dev.streamscore.avro.AlertState;
import dev.streamscore.avro.Severity;
import java.time.Instant;

/** The alert a scoring job sends when it refuses a model update: what, why, and what serves on. */
public final class RejectedUpdateAlert {
    private RejectedUpdateAlert() {
    }

    /**
     * @param champion the champion serving on, or null
     * @param now      epoch milliseconds of the refusal
     */
    public static Alert of(ModelSlots.Outcome rejection, ServingModel champion, long now) {
        String what = rejection.subject();
        Instant at = Instant.ofEpochMilli(now);
        return Alert.newBuilder()
                .setAlertId("model-update-rejected/" + what + "/" + now)
                .setModelName(champion != null ? champion.card().name() : what)
                .setModelVersion(champion != null ? champion.card().version() : "none")
                .setKind("model_update")
                .setSeverity(Severity.CRITICAL)
                .setState(AlertState.FIRING)
                .setRule("model-update-rejected")
                .setMetric("model_update_rejected")
                .setValue(1.0)
                .setThreshold(0.0)
                .setWindowStart(at)
                .setWindowEnd(at)
                .setSampleSize(0)
                .setMessage("Model update " + what + " rejected; "
                        + (champion != null ? champion.describe() + " keeps serving" : "no model is serving") + ". "
                        + rejection.rejection() + ": " + rejection.message())
                .setCreatedTime(at)
                .build();
    }
}
