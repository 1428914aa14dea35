package dev.streamscore.simulator;

import dev.streamscore.config.Durations;
import dev.streamscore.demo.Transaction;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Generates the simulated card transactions, one {@link #next()} at a time, with their hidden
 * fraud labels and label delays. Deterministic: the same {@link SimulatorConfig} gives the same
 * sequence on any JVM, because every draw comes from a {@link SplittableRandom} seeded with
 * {@link SimulatorConfig#seed()} (split into independent streams for the card population, the
 * fraud-rate calibration and the transactions) and only uses its specified {@code nextDouble()}.
 *
 * <p>Per transaction: a card picked uniformly from the {@linkplain CardPopulation population};
 * a merchant category by fixed weights; the hour of day from a daily profile; online or not by
 * category (about 35 %); a lognormal amount (median by segment, card and category, about 40
 * overall, long tail); a lognormal distance from home (null for 3 %: unknown location); the card's
 * transactions in the last hour (Poisson, with occasional bursts); the card's age. Fraud is then
 * drawn from the {@linkplain HiddenFraudModel hidden function} of those features, and the label
 * delay from a lognormal (median {@link SimulatorConfig#labelDelayMedian()}, sigma 0.6, so 90 %
 * of labels arrive between 0.37x and 2.7x the median: most outcomes are known soon, a few late).
 *
 * <p>{@code hour_of_day} is the card holder's local hour, drawn from the daily profile rather than
 * derived from {@code event_time}: a demo stream compresses a day's variety into minutes, and
 * {@code event_time} only orders and windows the events. Event {@code i} has {@code event_id}
 * {@code txn-<seed>-<i>} and {@code event_time} {@code start + i / eventsPerSecond} (millisecond
 * precision); the scenario in force at that offset applies.
 *
 * <p>Not thread-safe: one generator per producing thread.
 */
public final class TransactionGenerator {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionGenerator.class);

    static final double UNKNOWN_LOCATION_RATE = 0.03;
    static final double AMOUNT_SIGMA = 0.9;
    static final double DISTANCE_SIGMA = 1.1;
    static final double LABEL_DELAY_SIGMA = 0.6;
    /** Share of transactions made in a burst of card use (more transactions in the last hour). */
    static final double BURST_RATE = 0.02;
    static final double BURST_EXTRA_MEAN = 5.0;
    static final double COVARIATE_AMOUNT_FACTOR = 2.5;
    /** Under COVARIATE_SHIFT, this share of would-be card-present transactions goes online. */
    static final double COVARIATE_ONLINE_SHIFT = 0.35;
    static final double NEW_CATEGORY_SHARE = 0.15;
    private static final int CALIBRATION_SAMPLE = 20_000;

    /** Relative transaction volume per local hour 0-23: quiet nights, lunch and evening peaks. */
    private static final double[] CUMULATIVE_HOUR_WEIGHTS = RandomDraws.cumulative(new double[] {
        1.0, 0.6, 0.4, 0.3, 0.3, 0.5, 1.2, 2.5, 4.0, 5.0, 5.5, 6.0,
        7.0, 6.5, 5.5, 5.5, 6.0, 7.0, 7.5, 7.0, 6.0, 4.5, 3.0, 1.8});

    private final SimulatorConfig config;
    private final CardPopulation cards;
    private final HiddenFraudModel fraudModel;
    private final RandomGenerator rng;
    private final double nanosPerEvent;
    private long sequence;
    private Scenario lastScenario;

    public TransactionGenerator(SimulatorConfig config) {
        this.config = config;
        SplittableRandom root = new SplittableRandom(config.seed());
        this.cards = CardPopulation.draw(root.split(), config.cardCount());
        RandomGenerator calibrationRng = root.split();
        this.rng = root.split();
        List<TransactionFeatures> sample = new ArrayList<>(CALIBRATION_SAMPLE);
        for (int i = 0; i < CALIBRATION_SAMPLE; i++) {
            sample.add(drawFeatures(calibrationRng, Scenario.STATIONARY, 0));
        }
        this.fraudModel = HiddenFraudModel.calibrate(sample, config.fraudRate());
        this.nanosPerEvent = 1e9 / config.eventsPerSecond();
        LOG.debug("Simulator seed {}: {} cards, fraud intercepts {} (usual) and {} (card testing), schedule {}",
                config.seed(), config.cardCount(), fraudModel.usualIntercept(), fraudModel.cardTestingIntercept(),
                config.schedule());
    }

    /** The next transaction of the sequence. */
    public SimulatedTransaction next() {
        long index = sequence++;
        long offsetNanos = offsetNanos(index);
        Scenario scenario = config.schedule().scenarioAt(Duration.ofNanos(offsetNanos));
        if (scenario != lastScenario) {
            if (lastScenario != null || scenario != Scenario.STATIONARY) {
                LOG.info("Scenario {} in force from event {} (offset {})", scenario.wireName(), index,
                        Durations.format(Duration.ofMillis(offsetNanos / 1_000_000)));
            }
            lastScenario = scenario;
        }
        int elapsedDays = (int) (offsetNanos / 86_400_000_000_000L);
        TransactionFeatures f = drawFeatures(rng, scenario, elapsedDays);
        boolean fraud = RandomDraws.bernoulli(rng, fraudModel.probability(f, scenario));
        long delayMillis = Math.max(1L, Math.round(
                RandomDraws.logNormal(rng, config.labelDelayMedian().toMillis(), LABEL_DELAY_SIGMA)));

        double sentAmount = scenario == Scenario.SKEW_BUG_CENTS ? cents(f.amount() * 100.0) : f.amount();
        Instant eventTime = config.startTime().plusNanos(offsetNanos).truncatedTo(ChronoUnit.MILLIS);
        Transaction transaction = new Transaction(
                "txn-" + config.seed() + "-" + index,
                f.card().cardId(),
                eventTime,
                sentAmount,
                f.category().wireName(),
                f.hourOfDay(),
                f.distanceKm(),
                f.online(),
                f.transactionsLastHour(),
                f.cardAgeDays(),
                f.card().segment().wireName());
        return new SimulatedTransaction(transaction, fraud, Duration.ofMillis(delayMillis));
    }

    /** How many transactions {@link #next()} has returned. */
    public long generated() {
        return sequence;
    }

    public SimulatorConfig config() {
        return config;
    }

    /** The event time of event {@code index} (0-based), before millisecond truncation, as an offset from the start. */
    public Duration offsetOf(long index) {
        return Duration.ofNanos(offsetNanos(index));
    }

    HiddenFraudModel fraudModel() {
        return fraudModel;
    }

    CardPopulation cards() {
        return cards;
    }

    private long offsetNanos(long index) {
        return (long) (index * nanosPerEvent);
    }

    /** The true features of one transaction; every scenario-dependent change of the world happens here. */
    private TransactionFeatures drawFeatures(RandomGenerator r, Scenario scenario, int elapsedDays) {
        Card card = cards.pick(r);
        MerchantCategory category = scenario == Scenario.NEW_MERCHANT_CATEGORY
                && RandomDraws.bernoulli(r, NEW_CATEGORY_SHARE)
                ? MerchantCategory.CRYPTO_EXCHANGE
                : MerchantCategory.drawEveryday(r);
        int hour = RandomDraws.weightedIndex(r, CUMULATIVE_HOUR_WEIGHTS);

        double onlineProbability = category.onlineProbability();
        if (scenario == Scenario.COVARIATE_SHIFT) {
            onlineProbability += (1.0 - onlineProbability) * COVARIATE_ONLINE_SHIFT;
        }
        boolean online = RandomDraws.bernoulli(r, onlineProbability);

        double amount = RandomDraws.logNormal(r,
                card.segment().medianAmount() * card.amountLevel() * category.amountFactor(), AMOUNT_SIGMA);
        if (scenario == Scenario.COVARIATE_SHIFT) {
            amount *= COVARIATE_AMOUNT_FACTOR;
        }
        amount = Math.max(0.5, cents(amount));

        Double distance = null;
        if (!RandomDraws.bernoulli(r, UNKNOWN_LOCATION_RATE)) {
            // An online merchant is typically farther away than the corner shop.
            double median = category.medianDistanceKm() * (online ? 3.0 : 1.0);
            distance = Math.round(RandomDraws.logNormal(r, median, DISTANCE_SIGMA) * 10.0) / 10.0;
        }

        int lastHour = RandomDraws.poisson(r, card.hourlyRate());
        if (RandomDraws.bernoulli(r, BURST_RATE)) {
            lastHour += RandomDraws.poisson(r, BURST_EXTRA_MEAN);
        }
        return new TransactionFeatures(card, category, amount, hour, distance, online, lastHour,
                card.ageDaysAtStart() + elapsedDays);
    }

    private static double cents(double amount) {
        return Math.round(amount * 100.0) / 100.0;
    }
}
