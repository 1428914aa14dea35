package dev.streamscore.simulator;

import java.util.List;
import java.util.EnumSet;
import java.util.Set;

/**
 * The ground truth the simulator hides from models: the probability that a transaction is fraud,
 * given its true features and the scenario in force. A model trained on the simulator's data has
 * to learn the {@linkplain #usualScore usual function}; the scenarios then change the world
 * around it.
 *
 * <p>Both logistic functions get an intercept calibrated on a sample of stationary transactions so
 * that the stationary fraud rate is the configured one, and so that {@link Scenario#CONCEPT_DRIFT}
 * keeps that base rate while moving fraud elsewhere.
 */
final class HiddenFraudModel {
    /** {@link Scenario#BIAS_CREEP}: the chance that a business card's "ordinary-looking" transaction is expense fraud. */
    static final double EXPENSE_FRAUD_PROBABILITY = 0.35;
    private static final Set<MerchantCategory> CARD_TESTING_CATEGORIES =
            EnumSet.of(MerchantCategory.GROCERY, MerchantCategory.FUEL, MerchantCategory.ONLINE_SERVICES);
    private static final Set<MerchantCategory> EXPENSE_FRAUD_CATEGORIES = EnumSet.of(
            MerchantCategory.RESTAURANT, MerchantCategory.FUEL, MerchantCategory.ELECTRONICS, MerchantCategory.FASHION);

    private final double usualIntercept;
    private final double cardTestingIntercept;

    private HiddenFraudModel(double usualIntercept, double cardTestingIntercept) {
        this.usualIntercept = usualIntercept;
        this.cardTestingIntercept = cardTestingIntercept;
    }

    /** Calibrates both intercepts so that their mean probability over {@code sample} is {@code fraudRate}. */
    static HiddenFraudModel calibrate(List<TransactionFeatures> sample, double fraudRate) {
        double[] usual = sample.stream().mapToDouble(HiddenFraudModel::usualScore).toArray();
        double[] cardTesting = sample.stream().mapToDouble(HiddenFraudModel::cardTestingScore).toArray();
        return new HiddenFraudModel(intercept(usual, fraudRate), intercept(cardTesting, fraudRate));
    }

    /** The probability that a transaction with these true features is fraud while {@code scenario} is in force. */
    double probability(TransactionFeatures f, Scenario scenario) {
        return switch (scenario) {
            case STATIONARY, COVARIATE_SHIFT, SKEW_BUG_CENTS, NEW_MERCHANT_CATEGORY ->
                    RandomDraws.sigmoid(usualIntercept + usualScore(f));
            case CONCEPT_DRIFT -> RandomDraws.sigmoid(cardTestingIntercept + cardTestingScore(f));
            case BIAS_CREEP -> {
                double usual = RandomDraws.sigmoid(usualIntercept + usualScore(f));
                double expense = looksLikeExpenseFraud(f) ? EXPENSE_FRAUD_PROBABILITY : 0.0;
                // Either kind of fraud happens: 1 - P(neither).
                yield 1.0 - (1.0 - usual) * (1.0 - expense);
            }
        };
    }

    double usualIntercept() {
        return usualIntercept;
    }

    double cardTestingIntercept() {
        return cardTestingIntercept;
    }

    /**
     * The usual fraud pattern (without intercept): large amounts, night hours, far from home or
     * unknown location, card-not-present, new cards, bursts of use, risky categories.
     */
    static double usualScore(TransactionFeatures f) {
        double distance = f.distanceKm() == null ? 0.7 : 0.7 * StrictMath.log1p(f.distanceKm() / 100.0);
        return 1.1 * StrictMath.log(f.amount() / 50.0)
                + (f.night() ? 1.6 : 0.0)
                + distance
                + (f.online() ? 1.0 : 0.0)
                + (f.cardAgeDays() < CardPopulation.NEW_CARD_DAYS ? 1.5 : 0.0)
                + 0.55 * Math.min(f.transactionsLastHour(), 10)
                + f.category().fraudWeight();
    }

    /** {@link Scenario#CONCEPT_DRIFT}'s card-testing wave: small daytime online purchases at everyday merchants. */
    static double cardTestingScore(TransactionFeatures f) {
        return (isCardTestingTarget(f) ? 4.0 : 0.0) + 0.3 * Math.min(f.transactionsLastHour(), 10);
    }

    static boolean isCardTestingTarget(TransactionFeatures f) {
        return f.amount() < 30.0 && f.online() && f.daytime() && CARD_TESTING_CATEGORIES.contains(f.category());
    }

    /** {@link Scenario#BIAS_CREEP}'s expense fraud: business cards, in person, office hours, near home, ordinary shops. */
    static boolean looksLikeExpenseFraud(TransactionFeatures f) {
        return f.card().segment() == CustomerSegment.BUSINESS
                && !f.online()
                && f.hourOfDay() >= 9 && f.hourOfDay() <= 18
                && f.distanceKm() != null && f.distanceKm() < 30.0
                && EXPENSE_FRAUD_CATEGORIES.contains(f.category());
    }

    /** The intercept b with mean(sigmoid(b + score)) = rate, by bisection (the mean is increasing in b). */
    private static double intercept(double[] scores, double rate) {
        double low = -30.0;
        double high = 10.0;
        for (int i = 0; i < 60; i++) {
            double mid = (low + high) / 2;
            double mean = 0;
            for (double s : scores) {
                mean += RandomDraws.sigmoid(mid + s);
            }
            mean /= scores.length;
            if (mean < rate) {
                low = mid;
            } else {
                high = mid;
            }
        }
        return (low + high) / 2;
    }
}
