package dev.streamscore.simulator;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * The merchant categories the simulator sends as {@code merchant_category}. The first ten are the
 * everyday vocabulary, drawn with the weights below in every scenario; {@link #CRYPTO_EXCHANGE}
 * never appears in them and only shows up under {@link Scenario#NEW_MERCHANT_CATEGORY}, so a model
 * trained on stationary data has never seen it.
 *
 * <p>Per category: its share of transactions, how often it is card-not-present, its typical amount
 * relative to the segment's, the median distance of its merchants from home, and its weight in the
 * hidden fraud function (package-private: the model must learn it, not read it).
 */
public enum MerchantCategory {
    GROCERY(22, 0.18, 0.8, 3, -0.8),
    RESTAURANT(16, 0.10, 0.9, 5, -0.5),
    FUEL(12, 0.02, 1.1, 8, -0.4),
    TRAVEL(6, 0.60, 4.0, 400, 0.0),
    ELECTRONICS(6, 0.55, 3.0, 10, 1.2),
    FASHION(8, 0.45, 1.5, 8, 0.3),
    ENTERTAINMENT(8, 0.45, 0.8, 10, 0.0),
    HEALTH(6, 0.20, 1.2, 5, -0.6),
    UTILITIES(6, 0.60, 2.0, 5, -1.0),
    ONLINE_SERVICES(10, 0.97, 0.4, 50, 0.2),
    CRYPTO_EXCHANGE(0, 0.90, 3.0, 300, 1.3);

    /** The ten categories of ordinary traffic (and of training data), in declaration order. */
    public static final List<MerchantCategory> EVERYDAY = Arrays.stream(values()).filter(c -> c.weight > 0).toList();

    private static final double[] CUMULATIVE_EVERYDAY_WEIGHTS =
            RandomDraws.cumulative(EVERYDAY.stream().mapToDouble(c -> c.weight).toArray());

    private final double weight;
    private final double onlineProbability;
    private final double amountFactor;
    private final double medianDistanceKm;
    private final double fraudWeight;

    MerchantCategory(double weight, double onlineProbability, double amountFactor, double medianDistanceKm,
            double fraudWeight) {
        this.weight = weight;
        this.onlineProbability = onlineProbability;
        this.amountFactor = amountFactor;
        this.medianDistanceKm = medianDistanceKm;
        this.fraudWeight = fraudWeight;
    }

    /** The value of the {@code merchant_category} field, e.g. {@code online_services}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Relative share of ordinary transactions (the weights of {@link #EVERYDAY} sum to 100); 0 for novel ones. */
    public double weight() {
        return weight;
    }

    double onlineProbability() {
        return onlineProbability;
    }

    double amountFactor() {
        return amountFactor;
    }

    double medianDistanceKm() {
        return medianDistanceKm;
    }

    double fraudWeight() {
        return fraudWeight;
    }

    static MerchantCategory drawEveryday(RandomGenerator rng) {
        return EVERYDAY.get(RandomDraws.weightedIndex(rng, CUMULATIVE_EVERYDAY_WEIGHTS));
    }
}
