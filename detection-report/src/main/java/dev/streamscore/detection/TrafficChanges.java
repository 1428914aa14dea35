package dev.streamscore.detection;

import dev.streamscore.avro.Label;
import dev.streamscore.avro.Prediction;
import dev.streamscore.demo.Transaction;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The graded drifts of the report, each a transform of the stationary simulator stream (the
 * simulator's own scenarios have one fixed size each).
 */
public final class TrafficChanges {
    /** Unseen in training (the training stream is stationary): the simulator's own new category. */
    public static final String NEW_CATEGORY = "crypto_exchange";

    private TrafficChanges() {
    }

    /**
     * Covariate shift of {@code amount} by {@code sds} training standard deviations on the model's own
     * input scale ({@code log1p}, then standardized): every amount is multiplied so that
     * {@code log1p(amount)} rises by {@code sds * sdLog1p}. On the raw scale a 0.5 SD shift of this
     * long-tailed feature would be a +40 on a median of 40, far more than half a standard deviation
     * of what the model sees. The label stays as drawn.
     */
    public static TrafficChange amountShift(double sds, double sdLog1p) {
        double delta = sds * sdLog1p;
        return new TrafficChange() {
            @Override
            public Transaction transaction(Transaction t, SplittableRandom random) {
                double shifted = Math.expm1(Math.log1p(t.getAmount()) + delta);
                return Transaction.newBuilder(t).setAmount(Math.round(shifted * 100.0) / 100.0).build();
            }

            @Override
            public String describe() {
                return String.format(Locale.ROOT, "log1p(amount) + %.2f x %.3f (its training SD): amounts x%.2f, rescored; "
                        + "labels as drawn", sds, sdLog1p, Math.exp(delta));
            }
        };
    }

    /** Each transaction's merchant category becomes {@link #NEW_CATEGORY} with probability {@code share}; rescored. */
    public static TrafficChange newCategory(double share) {
        return new TrafficChange() {
            @Override
            public Transaction transaction(Transaction t, SplittableRandom random) {
                return random.nextDouble() < share ? Transaction.newBuilder(t).setMerchantCategory(NEW_CATEGORY).build() : t;
            }

            @Override
            public String describe() {
                return String.format(Locale.ROOT, "merchant_category := %s (unseen in training) for %.0f %% of events, "
                        + "other fields as drawn; rescored; labels as drawn", NEW_CATEGORY, share * 100);
            }
        };
    }

    /** A producer sends {@code amount} times {@code factor} (cents for currency units); rescored, the world unchanged. */
    public static TrafficChange unitBug(double factor) {
        return new TrafficChange() {
            @Override
            public Transaction transaction(Transaction t, SplittableRandom random) {
                return Transaction.newBuilder(t).setAmount(t.getAmount() * factor).build();
            }

            @Override
            public String describe() {
                return String.format(Locale.ROOT, "amount x %.0f for every event (a unit bug in the producer); rescored; "
                        + "labels as drawn", factor);
            }
        };
    }

    /**
     * Concept drift: with probability {@code share} an event's label is redrawn at the base rate,
     * whatever the features, so the scores predict less (P(y|x) changes; features, scores and the
     * label rate do not). A share f moves the AUC towards 0.5 by about f * (AUC - 0.5).
     */
    public static TrafficChange weakerConcept(double share, double labelRate) {
        return new TrafficChange() {
            @Override
            public void outcome(Prediction prediction, Label label, SplittableRandom random) {
                if (random.nextDouble() < share) {
                    label.setLabel(random.nextDouble() < labelRate ? 1.0 : 0.0);
                }
            }

            @Override
            public String describe() {
                return String.format(Locale.ROOT, "for %.1f %% of events the label is redrawn at the base rate (%.3f), "
                        + "independent of the features; features and scores unchanged", share * 100, labelRate);
            }
        };
    }

    /**
     * A recall gap growing in one segment: in events whose attribute {@code field} is {@code value},
     * a positive the model caught is missed with probability {@code share} (its score set just under
     * the threshold, its decision negative), so the segment's recall falls by about
     * {@code share * recall}. Other segments unchanged.
     */
    public static TrafficChange missedPositives(String field, String value, double share, double threshold,
            String negativeDecision) {
        return new TrafficChange() {
            @Override
            public void outcome(Prediction prediction, Label label, SplittableRandom random) {
                boolean inSegment = value.equals(String.valueOf(prediction.getAttributes().get(field)));
                if (inSegment && label.getLabel() >= 0.5 && prediction.getScore() >= threshold
                        && random.nextDouble() < share) {
                    prediction.setScore(Math.nextDown(threshold) * 0.999);
                    prediction.setDecision(negativeDecision);
                }
            }

            @Override
            public String describe() {
                return String.format(Locale.ROOT, "in %s=%s, %.1f %% of the positives the model caught are missed "
                        + "(score set just under the threshold %.3f)", field, value, share * 100, threshold);
            }
        };
    }
}
