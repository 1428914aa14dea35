package dev.streamscore.model.card;

/**
 * What the model outputs and how a score becomes a decision. Only binary classifiers are trained
 * by StreamScore's trainer; the names of the SavedModel's serving signature and tensors are here
 * so a model exported by other tools can be served too.
 *
 * @param kind          {@code binary}
 * @param signature     serving signature key
 * @param input         signature input holding the float32 [batch, features] vector
 * @param output        signature output holding the float32 [batch] positive-class probability
 * @param threshold     score at and above which the decision is the positive class
 * @param positiveClass decision name for scores at or above the threshold
 * @param negativeClass decision name below it
 */
public record OutputSpec(String kind, String signature, String input, String output, double threshold,
        String positiveClass, String negativeClass) {
    public OutputSpec {
        if (!"binary".equals(kind)) {
            throw new IllegalArgumentException("output.kind must be 'binary', was '" + kind + "'");
        }
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("output.threshold must be within [0, 1], was " + threshold);
        }
    }

    public String decide(double score) {
        return score >= threshold ? positiveClass : negativeClass;
    }
}
