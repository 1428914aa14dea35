package dev.streamscore.drift.window;

import dev.streamscore.avro.Label;
import dev.streamscore.avro.Prediction;
import dev.streamscore.drift.baseline.Baseline;
import dev.streamscore.model.card.Calibration;
import java.util.Collection;
import java.util.Map;

/**
 * Adds the join's outcomes for one model version to its {@link PerformanceWindow}: a labeled pair
 * (by the prediction's event time), a prediction whose label never came within the maximum label
 * delay, or a label that came after it.
 */
public final class PerformanceWindowAggregator {
    private final WindowLimits limits;

    public PerformanceWindowAggregator(WindowLimits limits) {
        this.limits = limits;
    }

    /** Adds a labeled pair; {@code baseline} (may be null) brings the calibration its estimate is compared with. */
    public PerformanceWindow addLabeled(PerformanceWindow window, Prediction prediction, Label label, Baseline baseline) {
        boolean positiveLabel = label.getLabel() >= 0.5;
        boolean positiveDecision = Decisions.positive(prediction, null);
        window.addLabeled(prediction.getScore(), positiveLabel, positiveDecision);
        Calibration calibration = baseline == null ? null : baseline.card().calibration();
        if (calibration != null) {
            window.expected().add(prediction.getScore(), calibration.probability(prediction.getScore()), positiveDecision);
        }
        Map<String, String> attributes = AvroMaps.stringKeyed(prediction.getAttributes());
        Collection<String> fields = limits.segmentFields().isEmpty() ? attributes.keySet() : limits.segmentFields();
        GroupCounts counts = new GroupCounts(1, positiveDecision ? 1 : 0, positiveLabel ? 1 : 0,
                positiveLabel && positiveDecision ? 1 : 0);
        for (String field : fields) {
            window.segmentCounts().add(field, attributes.get(field), counts, limits.maxGroups());
        }
        return window;
    }

    /** A prediction counted unlabeled whose label came after all: labeled instead. */
    public PerformanceWindow relabel(PerformanceWindow window, Prediction prediction, Label label, Baseline baseline) {
        window.removeUnlabeled();
        return addLabeled(window, prediction, label, baseline);
    }

    public PerformanceWindow addUnlabeled(PerformanceWindow window) {
        window.addUnlabeled();
        return window;
    }

    public PerformanceWindow addLate(PerformanceWindow window) {
        window.addLate();
        return window;
    }
}
