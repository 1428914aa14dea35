package dev.streamscore.drift.window;

import dev.streamscore.drift.metrics.MetricKind;
import dev.streamscore.drift.metrics.MetricValue;
import dev.streamscore.drift.stats.GroupGaps;
import dev.streamscore.model.stats.StandardErrors;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Bias creep: a window's groups compared with the same groups on the holdout set (the card's
 * fairness section), so that a gap the model already had when it was validated is a value, not an
 * alarm, and only a move away from it is judged. A group takes part only with at least
 * {@code minGroupSize} trials (events for a positive-decision rate, labeled positives for recall)
 * both in the window and in the holdout; every comparison carries the standard error of its
 * difference, so the alert engine judges only changes beyond sampling noise.
 */
final class GroupsVsHoldout {
    private GroupsVsHoldout() {
    }

    /**
     * Appends, for the groups of {@code field} eligible in both: each group's rate against its
     * holdout rate as {@code groupMetric} (skipped when null), and the spread across them against
     * the holdout's spread over the same groups as {@code gapMetric}, with {@code gapSample} the
     * window's events in those groups.
     */
    static void compare(String field, Map<String, GroupGaps.GroupRate> live, Map<String, GroupGaps.GroupRate> holdout,
            long minGroupSize, String groupMetric, String gapMetric, Map<String, Long> eventsPerGroup,
            List<MetricValue> out) {
        List<GroupGaps.GroupRate> liveRates = new ArrayList<>();
        List<GroupGaps.GroupRate> holdoutRates = new ArrayList<>();
        long gapSample = 0;
        for (Map.Entry<String, GroupGaps.GroupRate> entry : live.entrySet()) {
            GroupGaps.GroupRate now = entry.getValue();
            GroupGaps.GroupRate then = holdout.get(entry.getKey());
            if (then == null || now.trials() < minGroupSize || then.trials() < minGroupSize) {
                continue;
            }
            liveRates.add(now);
            holdoutRates.add(then);
            gapSample += eventsPerGroup.getOrDefault(entry.getKey(), 0L);
            if (groupMetric != null) {
                out.add(new MetricValue(MetricKind.BIAS, groupMetric, null, field + "=" + entry.getKey(), now.rate(),
                        then.rate(), now.trials(),
                        StandardErrors.proportionDifference(now.successes(), now.trials(), then.successes(), then.trials())));
            }
        }
        if (liveRates.size() >= 2) {
            GroupGaps.Gap now = GroupGaps.widest(liveRates);
            GroupGaps.Gap then = GroupGaps.widest(holdoutRates);
            out.add(new MetricValue(MetricKind.BIAS, gapMetric, null, field, now.value(), then.value(), gapSample,
                    Math.sqrt(now.standardError() * now.standardError() + then.standardError() * then.standardError())));
        }
    }
}
