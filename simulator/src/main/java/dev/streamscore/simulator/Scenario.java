package dev.streamscore.simulator;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What is going on in the simulated world (or in the producer) while a scenario is in force; a
 * {@link ScenarioSchedule} switches between them at offsets from the stream start. Each one is a
 * kind of change StreamScore's monitor should notice; the effects below are what the generator
 * does, and {@code TransactionGeneratorTest} measures each of them.
 */
public enum Scenario {
    /** The world as in training: the reference for every other scenario. */
    STATIONARY,
    /**
     * Data drift, P(x) changes: true amounts are 2.5 times larger and a further 35 % of the
     * remaining card-present transactions move online. The hidden fraud function is unchanged, so
     * the fraud rate rises only because more transactions look risky.
     */
    COVARIATE_SHIFT,
    /**
     * Concept drift, P(fraud | x) changes: a card-testing wave. Fraud moves to small (under 30)
     * card-not-present daytime (8-19 h) purchases at grocery, fuel and online-services merchants,
     * and the usual pattern (large, night, far, new card, electronics/travel) no longer predicts it.
     * The features are drawn exactly as in {@link #STATIONARY}, and the base fraud rate is kept.
     */
    CONCEPT_DRIFT,
    /**
     * Training-serving skew: a producer bug sends {@code amount} in cents (x100). Nothing in the
     * world changes: the fraud label still depends on the true amount, and every other field is as
     * in {@link #STATIONARY}.
     */
    SKEW_BUG_CENTS,
    /**
     * A category never seen in training, {@code crypto_exchange}, takes about 15 % of transactions:
     * mostly online, large and far away, with a high fraud rate.
     */
    NEW_MERCHANT_CATEGORY,
    /**
     * Bias: fraud grows in the {@code business} segment only, and it does not look like the usual
     * fraud (expense fraud: card-present, daytime, near home, ordinary categories), so a model's
     * recall drops in that segment. Features are drawn as in {@link #STATIONARY}; other segments'
     * labels are unchanged.
     */
    BIAS_CREEP;

    /** The name used in schedules and docs, e.g. {@code covariate_shift}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The scenario with this name, case-insensitively, with {@code -} or {@code _} between words.
     *
     * @throws IllegalArgumentException naming the bad value and the known names
     */
    public static Scenario fromName(String name) {
        String normalized = name.strip().replace('-', '_').toUpperCase(Locale.ROOT);
        for (Scenario scenario : values()) {
            if (scenario.name().equals(normalized)) {
                return scenario;
            }
        }
        throw new IllegalArgumentException("unknown scenario '" + name + "' (known: " + knownNames() + ")");
    }

    static String knownNames() {
        return Arrays.stream(values()).map(Scenario::wireName).collect(Collectors.joining(", "));
    }
}
