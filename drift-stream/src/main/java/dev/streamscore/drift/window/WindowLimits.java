package dev.streamscore.drift.window;

import java.util.List;

/**
 * What bounds the window state and which groups the bias metrics compare.
 *
 * @param segmentFields  Prediction.attributes fields to group by; empty: every attribute the
 *                       prediction carries (the scorer passes exactly the card's event attributes)
 * @param maxCategories  distinct categories kept per categorical feature (the rest: {@code __other__})
 * @param maxGroups      distinct values kept per segment field (the rest: {@code __other__})
 * @param minGroupSize   a group enters a gap (max - min across groups) only with at least this many
 *                       events (positive rate) or labeled positives (recall); smaller groups'
 *                       rates are too noisy to compare
 */
public record WindowLimits(List<String> segmentFields, int maxCategories, int maxGroups, long minGroupSize) {
    public static final WindowLimits DEFAULTS = new WindowLimits(List.of(), 200, 50, 30);

    public WindowLimits {
        segmentFields = List.copyOf(segmentFields);
        if (maxCategories < 1) {
            throw new IllegalArgumentException("max-categories must be >= 1, was " + maxCategories);
        }
        if (maxGroups < 1) {
            throw new IllegalArgumentException("max-segment-groups must be >= 1, was " + maxGroups);
        }
        if (minGroupSize < 1) {
            throw new IllegalArgumentException("min-group-size must be >= 1, was " + minGroupSize);
        }
    }
}
