package dev.streamscore.lifecycle;

import dev.streamscore.avro.Label;
import dev.streamscore.avro.LabeledPrediction;
import dev.streamscore.avro.ModelRole;
import dev.streamscore.avro.Prediction;
import java.time.Instant;
import java.util.Map;

/** Labeled pairs as drift-stream writes them, for tests. */
final class Pairs {
    private Pairs() {
    }

    static LabeledPrediction pair(String model, String version, long i, double score, double threshold, boolean positive,
            Map<String, Object> features, Map<String, String> attributes, Instant eventTime) {
        String eventId = "e-" + i;
        Prediction prediction = Prediction.newBuilder()
                .setEventId(eventId)
                .setModelName(model)
                .setModelVersion(version)
                .setRole(ModelRole.CHAMPION)
                .setScore(score)
                .setDecision(score >= threshold ? "fraud" : "legit")
                .setDecisionThreshold(threshold)
                .setEventTime(eventTime)
                .setScoredTime(eventTime)
                .setFeatures(features)
                .setAttributes(attributes)
                .build();
        Label label = Label.newBuilder()
                .setEventId(eventId)
                .setLabel(positive ? 1.0 : 0.0)
                .setLabelTime(eventTime.plusSeconds(10))
                .setSource("test")
                .build();
        return LabeledPrediction.newBuilder()
                .setEventId(eventId)
                .setPrediction(prediction)
                .setLabel(label)
                .setLabelDelayMs(10_000)
                .setCorrect(score >= threshold == positive)
                .setJoinedTime(eventTime.plusSeconds(11))
                .build();
    }
}
