package dev.streamscore.lifecycle;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The validation gate's verdict on a candidate, with every figure it rests on.
 *
 * @param passed  whether every check passed
 * @param reasons one line per failed check (empty when passed)
 * @param figures by name: both models' AUC, log loss, Brier score, recall and precision on the
 *                gate's pairs, per event attribute their widest recall gap, and the sample sizes
 */
public record GateReport(boolean passed, List<String> reasons, Map<String, Double> figures) {
    public GateReport {
        reasons = List.copyOf(reasons);
        figures = new TreeMap<>(figures);
    }
}
