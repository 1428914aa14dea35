package dev.streamscore.drift.dashboard;

import dev.streamscore.avro.ModelEvent;
import dev.streamscore.drift.query.QueryResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code /lifecycle?model=}: a model's last lifecycle steps as JSON, newest first, for the
 * dashboard. The model is a name ({@code fraud}) or, as the page's model list has it, a model
 * version ({@code fraud@2}): steps are per model, across its versions.
 */
final class LifecycleView {
    private LifecycleView() {
    }

    static QueryResult of(ModelEventsLog log, String model) {
        int at = model.lastIndexOf('@');
        String name = at > 0 ? model.substring(0, at) : model;
        List<Map<String, Object>> steps = new ArrayList<>();
        for (ModelEvent e : log.of(name)) {
            steps.add(0, step(e));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", name);
        body.put("topic", log.topic());
        body.put("topic_found", log.topicFound());
        body.put("steps", steps);
        return QueryResult.ok(body);
    }

    private static Map<String, Object> step(ModelEvent e) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("time", e.getTime().toString());
        out.put("step", e.getStep());
        out.put("candidate_version", e.getCandidateVersion());
        out.put("champion_version", e.getChampionVersion());
        out.put("role", e.getRole() == null ? null : e.getRole().name());
        out.put("trigger", e.getTrigger());
        out.put("reasons", List.copyOf(e.getReasons()));
        Map<String, Double> figures = new TreeMap<>();
        // JSON has no NaN or infinity.
        e.getFigures().forEach((k, v) -> figures.put(k, v == null || !Double.isFinite(v) ? null : v));
        out.put("figures", figures);
        return out;
    }
}
