package dev.streamscore.schemas.topics;

import dev.streamscore.avro.Alert;
import dev.streamscore.avro.Label;
import dev.streamscore.avro.LabeledPrediction;
import dev.streamscore.avro.ModelBaseline;
import dev.streamscore.avro.ModelEvent;
import dev.streamscore.avro.ModelUpdate;
import dev.streamscore.avro.MonitorMetric;
import dev.streamscore.avro.Prediction;
import java.util.List;
import org.apache.avro.generic.GenericRecord;

/** The topics between StreamScore's parts, with their default names (see ARCHITECTURE.md). */
public final class StreamScoreTopics {
    private StreamScoreTopics() {
    }

    public static final TopicDescriptor<GenericRecord> FEATURE_EVENTS = new TopicDescriptor<>(
            "feature-events", "entity id", GenericRecord.class, false, "the producer's own Avro records");
    public static final TopicDescriptor<byte[]> FEATURE_EVENTS_DLQ = new TopicDescriptor<>(
            "feature-events-dlq", "original key", byte[].class, false,
            "original bytes; headers carry the error kind, message and source topic/partition/offset");
    public static final TopicDescriptor<Prediction> PREDICTIONS = new TopicDescriptor<>(
            "predictions", "entity id", Prediction.class, false, "one record per model per scored event");
    public static final TopicDescriptor<Label> LABELS = new TopicDescriptor<>(
            "labels", "event id", Label.class, false, "delayed outcomes");
    public static final TopicDescriptor<LabeledPrediction> LABELED_PREDICTIONS = new TopicDescriptor<>(
            "labeled-predictions", "event id", LabeledPrediction.class, false, "predictions joined with labels");
    public static final TopicDescriptor<MonitorMetric> DRIFT_METRICS = new TopicDescriptor<>(
            "drift-metrics", "model@version", MonitorMetric.class, false, "every metric of every window");
    public static final TopicDescriptor<Alert> ALERTS = new TopicDescriptor<>(
            "alerts", "model@version", Alert.class, false, "alert transitions");
    public static final TopicDescriptor<ModelUpdate> MODEL_UPDATES = new TopicDescriptor<>(
            "model-updates", "model@ROLE", ModelUpdate.class, true, "model versions to serve, latest per role");
    public static final TopicDescriptor<ModelBaseline> MODEL_BASELINES = new TopicDescriptor<>(
            "model-baselines", "model@version", ModelBaseline.class, true, "training profile of each model version");

    public static final TopicDescriptor<byte[]> DRIFT_DLQ = new TopicDescriptor<>(
            "drift-dlq", "original key", byte[].class, false,
            "drift-stream's undecodable or invalid input records; headers carry the reason");

    public static final TopicDescriptor<ModelEvent> MODEL_EVENTS = new TopicDescriptor<>(
            "model-events", "model name", ModelEvent.class, false,
            "lifecycle steps: retraining, validation gate reports, publication");

    public static List<TopicDescriptor<?>> all() {
        return List.of(FEATURE_EVENTS, FEATURE_EVENTS_DLQ, PREDICTIONS, LABELS, LABELED_PREDICTIONS,
                DRIFT_METRICS, ALERTS, MODEL_UPDATES, MODEL_BASELINES, DRIFT_DLQ, MODEL_EVENTS);
    }
}
