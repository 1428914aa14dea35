package dev.streamscore.drift.window;

/**
 * Counts of one group of a segment field (e.g. customer_segment=business) in one window.
 *
 * @param events             predictions (served window) or labeled pairs (performance window)
 * @param positiveDecisions  of which the model decided positive
 * @param positiveLabels     labeled positives (performance window; 0 in the served window)
 * @param truePositives      labeled positives decided positive (performance window)
 */
public record GroupCounts(long events, long positiveDecisions, long positiveLabels, long truePositives) {
    public static final GroupCounts ZERO = new GroupCounts(0, 0, 0, 0);

    public GroupCounts plus(GroupCounts other) {
        return new GroupCounts(events + other.events, positiveDecisions + other.positiveDecisions,
                positiveLabels + other.positiveLabels, truePositives + other.truePositives);
    }
}
