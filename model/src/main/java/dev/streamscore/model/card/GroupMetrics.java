package dev.streamscore.model.card;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One group's decisions on the holdout set (the records whose event attribute had one value), at
 * the card's decision threshold: what bias monitoring compares the group's live windows with. The
 * counts are the record; the rates are derived and written to the card for people to read.
 *
 * @param examples          holdout records in the group
 * @param positives         of which labeled positive
 * @param positiveDecisions records decided positive
 * @param truePositives     labeled positives decided positive
 */
public record GroupMetrics(long examples, long positives, long positiveDecisions, long truePositives) {
    public GroupMetrics {
        if (examples < 0 || positives < 0 || positives > examples || positiveDecisions < 0
                || positiveDecisions > examples || truePositives < 0 || truePositives > Math.min(positives, positiveDecisions)) {
            throw new IllegalArgumentException("model card: inconsistent group counts " + examples + " examples, "
                    + positives + " positives, " + positiveDecisions + " positive decisions, " + truePositives
                    + " true positives");
        }
    }

    /** Share decided positive (demographic parity compares it across groups); NaN without records. */
    @JsonProperty(value = "positive_rate", access = JsonProperty.Access.READ_ONLY)
    public double positiveRate() {
        return examples == 0 ? Double.NaN : positiveDecisions / (double) examples;
    }

    /** Share of labeled positives decided positive (equal opportunity); NaN without positives. */
    @JsonProperty(value = "recall", access = JsonProperty.Access.READ_ONLY)
    public double recall() {
        return positives == 0 ? Double.NaN : truePositives / (double) positives;
    }

    /** Share of labeled negatives decided positive; NaN without negatives. */
    @JsonProperty(value = "false_positive_rate", access = JsonProperty.Access.READ_ONLY)
    public double falsePositiveRate() {
        long negatives = examples - positives;
        return negatives == 0 ? Double.NaN : (positiveDecisions - truePositives) / (double) negatives;
    }
}
