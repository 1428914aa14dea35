package dev.streamscore.lifecycle;

/**
 * The validation gate a retrained candidate must pass before it is served, judged on the newest
 * labeled pairs, which it was not trained on, against what the champion served for the same events.
 *
 * @param share             the newest share of the labeled pairs held back for the gate
 * @param minAuc            the candidate's AUC must be at least this (an absolute floor)
 * @param maxAucDrop        ... and at least the champion's minus this
 * @param maxBrierRise      its Brier score at most the champion's plus this
 * @param maxRecallGapRise  per event attribute, its widest recall gap between groups at most the
 *                          champion's plus this (no bias regression)
 * @param minGroupPositives a group takes part in the recall gap with at least this many positives
 */
public record GateSettings(double share, double minAuc, double maxAucDrop, double maxBrierRise, double maxRecallGapRise,
        long minGroupPositives) {
    public static final GateSettings DEFAULTS = new GateSettings(0.2, 0.6, 0.01, 0.01, 0.1, 30);

    public GateSettings {
        if (!(share > 0 && share < 1)) {
            throw new IllegalArgumentException("--gate-share must be between 0 and 1 (exclusive), was " + share);
        }
    }
}
