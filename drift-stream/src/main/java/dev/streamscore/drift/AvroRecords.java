package dev.streamscore.drift;

import dev.streamscore.avro.Alert;
import dev.streamscore.avro.AlertState;
import dev.streamscore.avro.Label;
import dev.streamscore.avro.LabeledPrediction;
import dev.streamscore.avro.MonitorMetric;
import dev.streamscore.avro.Prediction;
import dev.streamscore.avro.Severity;
import dev.streamscore.drift.alerts.AlertTransition;
import dev.streamscore.drift.metrics.MetricValue;
import dev.streamscore.drift.metrics.WindowReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The topology's edge: drift-stream's own values as the Avro records of its output topics. */
final class AvroRecords {
    private AvroRecords() {
    }

    static List<MonitorMetric> monitorMetrics(WindowReport report) {
        List<MonitorMetric> records = new ArrayList<>(report.metrics().size());
        for (MetricValue m : report.metrics()) {
            records.add(MonitorMetric.newBuilder()
                    .setModelName(report.modelName())
                    .setModelVersion(report.modelVersion())
                    .setWindowStart(Instant.ofEpochMilli(report.windowStart()))
                    .setWindowEnd(Instant.ofEpochMilli(report.windowEnd()))
                    .setKind(m.kind())
                    .setMetric(m.metric())
                    .setFeature(m.feature())
                    .setSegment(m.segment())
                    .setValue(m.value())
                    .setBaseline(m.baseline())
                    .setSampleSize(m.sampleSize())
                    .setComputedTime(Instant.ofEpochMilli(report.computedTime()))
                    .setRevision(report.revision())
                    .setProvisional(report.provisional())
                    .build());
        }
        return records;
    }

    static Alert alert(AlertTransition t, long createdTime) {
        return Alert.newBuilder()
                .setAlertId(t.alertId())
                .setModelName(t.modelName())
                .setModelVersion(t.modelVersion())
                .setKind(t.kind())
                .setSeverity(Severity.valueOf(t.severity().name()))
                .setState(t.firing() ? AlertState.FIRING : AlertState.RESOLVED)
                .setRule(t.rule())
                .setMetric(t.metric())
                .setFeature(t.feature())
                .setSegment(t.segment())
                .setValue(t.value())
                .setThreshold(t.threshold())
                .setWindowStart(Instant.ofEpochMilli(t.windowStart()))
                .setWindowEnd(Instant.ofEpochMilli(t.windowEnd()))
                .setSampleSize(t.sampleSize())
                .setMessage(t.message())
                .setCreatedTime(Instant.ofEpochMilli(createdTime))
                .build();
    }

    /**
     * A joined pair. {@code correct} compares the decision at the prediction's threshold with the
     * label (1.0 positive); null when the prediction carries no threshold (not a binary classifier).
     */
    static LabeledPrediction labeledPrediction(Prediction prediction, Label label, long joinedTime) {
        Boolean correct = null;
        if (prediction.getDecisionThreshold() != null) {
            correct = (prediction.getScore() >= prediction.getDecisionThreshold()) == (label.getLabel() >= 0.5);
        }
        return LabeledPrediction.newBuilder()
                .setEventId(prediction.getEventId())
                .setPrediction(prediction)
                .setLabel(label)
                .setLabelDelayMs(label.getLabelTime().toEpochMilli() - prediction.getEventTime().toEpochMilli())
                .setCorrect(correct)
                .setJoinedTime(Instant.ofEpochMilli(joinedTime))
                .build();
    }
}
